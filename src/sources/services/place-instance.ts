import type { ServiceInstance, ServiceProviderKind } from './service-provider.js';

/** Where an instance sits in the Services panel: its "project" row group and its service. */
export interface InstancePlace {
  readonly project: string;
  readonly service: string;
}

/** `frappe-bench-frappe-short-worker-0` → `frappe-bench-frappe-short-worker`. */
function withoutReplicaNumber(name: string): string {
  const stripped = name.replace(/[-_]\d+$/, '');
  return stripped === '' ? name : stripped;
}

/**
 * Pure: the project/service pair an instance is shown under, the same for the panel, the
 * restart key (`project/service`) and `jobdeck restart <service>`.
 * - supervisor: the group is the project (Frappe's `frappe-bench-workers`), the program
 *   (the process name without its `-N` replica suffix) the service, so the short,
 *   default and long workers are three services of one bench;
 * - systemd and processes: the provider is the project, the template unit or the
 *   configured group the service.
 */
export function placeInstance(kind: ServiceProviderKind, instance: ServiceInstance): InstancePlace {
  if (kind === 'supervisor') {
    return { project: instance.service, service: withoutReplicaNumber(instance.name) };
  }
  return { project: kind, service: instance.service };
}
