import { swarmServicePlace } from './swarm-service-place.js';
import type { SwarmNodeJson, SwarmServiceJson, SwarmTaskJson } from './swarm-api-schemas.js';
import type {
  SwarmNode,
  SwarmService,
  SwarmServiceMode,
  SwarmSnapshot,
  SwarmTask,
} from './swarm-snapshot.js';
import { compareText } from '../../../shared/compare-text.js';

const CURRENT = new Set(['running', 'ready']);
const ERRORS_KEPT = 3;

function time(value: string | undefined): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  // Swarm writes 0001-01-01T00:00:00Z for "never".
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

function modeOf(spec: SwarmServiceJson['Spec']['Mode']): SwarmServiceMode {
  if (spec.Global !== undefined) return 'global';
  if (spec.ReplicatedJob !== undefined) return 'replicated-job';
  if (spec.GlobalJob !== undefined) return 'global-job';
  return 'replicated';
}

function task(json: SwarmTaskJson, hostnames: ReadonlyMap<string, string>): SwarmTask {
  const nodeId = json.NodeID === undefined || json.NodeID === '' ? null : json.NodeID;
  const error = json.Status.Err ?? '';
  return {
    id: json.ID,
    slot: json.Slot ?? null,
    nodeId,
    node: nodeId === null ? null : (hostnames.get(nodeId) ?? null),
    state: json.Status.State,
    desiredState: json.DesiredState,
    message: json.Status.Message ?? '',
    error: error === '' ? null : error,
    exitCode: json.Status.ContainerStatus?.ExitCode ?? null,
    containerId: json.Status.ContainerStatus?.ContainerID ?? null,
    at: time(json.Status.Timestamp) ?? time(json.UpdatedAt),
  };
}

function service(json: SwarmServiceJson, tasks: readonly SwarmTask[]): SwarmService {
  const mode = modeOf(json.Spec.Mode);
  const current = tasks
    .filter((t) => CURRENT.has(t.desiredState))
    .sort(
      (a, b) =>
        (a.slot ?? 0) - (b.slot ?? 0) ||
        compareText(a.node ?? '', b.node ?? '') ||
        compareText(a.id, b.id),
    );
  const runningNow = current.filter((t) => t.state === 'running').length;
  const desired =
    json.ServiceStatus?.DesiredTasks ??
    (mode === 'replicated' ? (json.Spec.Mode.Replicated?.Replicas ?? 1) : current.length);
  const running = json.ServiceStatus?.RunningTasks ?? runningNow;
  const errors = tasks
    .filter((t) => t.error !== null)
    .sort((a, b) => (b.at ?? 0) - (a.at ?? 0))
    .slice(0, ERRORS_KEPT);
  const place = swarmServicePlace(json.Spec.Name, json.Spec.Labels['com.docker.stack.namespace']);
  return {
    id: json.ID,
    name: json.Spec.Name,
    key: `${place.project}/${place.service}`,
    mode,
    image: json.Spec.TaskTemplate.ContainerSpec?.Image?.replace(/@sha256:[0-9a-f]+$/, '') ?? null,
    desired,
    running,
    state: running >= desired ? 'up' : running === 0 ? 'down' : 'degraded',
    updateState: json.UpdateStatus?.State ?? null,
    updateMessage: json.UpdateStatus?.Message ?? null,
    tasks: current,
    errors,
  };
}

function node(json: SwarmNodeJson): SwarmNode {
  return {
    id: json.ID,
    hostname: json.Description?.Hostname ?? json.ID.slice(0, 12),
    role: json.Spec.Role,
    availability: json.Spec.Availability,
    state: json.Status.State,
    address: json.Status.Addr ?? null,
    leader: json.ManagerStatus?.Leader ?? false,
  };
}

/** Pure: the three validated answers → the Swarm part of the Docker snapshot. */
export function buildSwarmSnapshot(
  services: readonly SwarmServiceJson[],
  tasks: readonly SwarmTaskJson[],
  nodes: readonly SwarmNodeJson[],
  now: number,
): SwarmSnapshot {
  const builtNodes = nodes
    .map(node)
    .sort(
      (a, b) =>
        Number(b.role === 'manager') - Number(a.role === 'manager') ||
        compareText(a.hostname, b.hostname),
    );
  const hostnames = new Map(builtNodes.map((n) => [n.id, n.hostname]));
  const byService = new Map<string, SwarmTask[]>();
  for (const json of tasks) {
    const list = byService.get(json.ServiceID) ?? [];
    list.push(task(json, hostnames));
    byService.set(json.ServiceID, list);
  }
  return {
    services: services
      .map((s) => service(s, byService.get(s.ID) ?? []))
      .sort((a, b) => compareText(a.name, b.name)),
    nodes: builtNodes,
    readAt: now,
  };
}
