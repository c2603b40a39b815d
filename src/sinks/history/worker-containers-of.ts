import type { DockerContainer, DockerSnapshot } from '../../sources/docker/docker-snapshot.js';

/** Every replica of every worker service (not per-job containers, not one-shots). */
export function workerContainersOf(docker: DockerSnapshot): DockerContainer[] {
  return docker.services.filter((s) => s.role === 'worker').flatMap((s) => s.containers);
}
