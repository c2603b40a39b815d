import type { DockerContainer, DockerService, ServiceState } from './docker-snapshot.js';
import { compareText } from '../../shared/compare-text.js';

function serviceState(
  role: DockerService['role'],
  containers: readonly DockerContainer[],
): ServiceState {
  const running = containers.filter((c) => c.state === 'running');
  if (role === 'one-shot') {
    // A build-only service (QFieldCloud's qgis) exits at once by design: exit 0 is success.
    if (running.length > 0) return 'up';
    return containers.every((c) => c.exitCode === 0) ? 'completed' : 'failed';
  }
  const healthy = running.filter((c) => c.health !== 'unhealthy').length;
  if (healthy === containers.length) return 'up';
  return running.length === 0 ? 'down' : 'degraded';
}

/**
 * Pure: compose containers → services (by `com.docker.compose.project` and `.service`),
 * sorted by project then service; replicas by container number, then name. Containers
 * without a project (per-job containers) are not services and are left out.
 */
export function groupServices(containers: readonly DockerContainer[]): DockerService[] {
  const groups = new Map<string, DockerContainer[]>();
  for (const c of containers) {
    if (c.project === null || c.service === null || c.role === 'job') continue;
    const key = `${c.project}/${c.service}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [c]);
    else list.push(c);
  }
  const services: DockerService[] = [];
  for (const [key, list] of groups) {
    const first = list[0];
    if (first === undefined || first.project === null || first.service === null) continue;
    if (first.role === 'job') continue;
    const sorted = [...list].sort(
      (a, b) =>
        (a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER) ||
        compareText(a.name, b.name),
    );
    services.push({
      key,
      project: first.project,
      service: first.service,
      role: first.role,
      state: serviceState(first.role, sorted),
      running: sorted.filter((c) => c.state === 'running').length,
      containers: sorted,
    });
  }
  return services.sort(
    (a, b) => compareText(a.project, b.project) || compareText(a.service, b.service),
  );
}
