import type { DockerContainer } from '../../sources/docker/docker-snapshot.js';

/**
 * Whether a worker name from the queue (a heartbeat id, a job's worker column) is this
 * container. Workers usually name themselves after the hostname, which Docker sets to
 * the first 12 hex digits of the container id, or after the container name; RQ adds
 * a `.pid` suffix. Outside Docker (supervisor, systemd, processes) every worker shares
 * the host name, so the instance's pid decides: rq's `host.pid`, or the pid as the name.
 */
export function matchesWorker(worker: string, container: DockerContainer): boolean {
  if (worker === '') return false;
  const pid = container.pid;
  if (pid !== undefined) {
    if (worker === container.name || worker === container.id) return true;
    if (pid === null) return false;
    const p = String(pid);
    return worker === p || worker.endsWith(`.${p}`) || worker.split(/[.:@]/).includes(p);
  }
  const hostname = container.id.slice(0, 12);
  return (
    worker === container.name ||
    worker === container.id ||
    worker === hostname ||
    worker.startsWith(`${hostname}.`) ||
    worker.startsWith(`${container.name}.`) ||
    (worker.length >= 12 && container.id.startsWith(worker))
  );
}

/**
 * Whether a heartbeat is this container or instance: by the pid the worker recorded
 * (rq's worker hash, names being uuids) when both sides know one, else by its name.
 */
export function matchesHeartbeat(
  hb: { readonly id: string; readonly pid?: number | null },
  container: DockerContainer,
): boolean {
  if (hb.pid != null && container.pid != null) return hb.pid === container.pid;
  return matchesWorker(hb.id, container);
}
