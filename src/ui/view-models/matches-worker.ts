import type { DockerContainer } from '../../sources/docker/docker-snapshot.js';

/**
 * Whether a worker name from the queue (a heartbeat id, a job's worker column) is this
 * container. Workers usually name themselves after the hostname, which Docker sets to
 * the first 12 hex digits of the container id, or after the container name; RQ adds
 * a `.pid` suffix.
 */
export function matchesWorker(worker: string, container: DockerContainer): boolean {
  if (worker === '') return false;
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
