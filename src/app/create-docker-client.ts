import type { ResolvedConfig } from '../config/load-config.js';
import { DockerClient } from '../sources/docker/docker-client.js';
import { resolveDockerEndpoint } from '../sources/docker/docker-endpoint.js';

/** The Docker client for the configured endpoint (read-only mode refuses non-GET), or null. */
export function createDockerClient(config: ResolvedConfig): DockerClient | null {
  const docker = config.docker;
  if (docker === null) return null;
  const endpoint = resolveDockerEndpoint({
    ...(docker.host === undefined ? {} : { host: docker.host }),
    ...(docker.context === undefined ? {} : { context: docker.context }),
  });
  return new DockerClient(endpoint, { readOnly: config.readOnly, ssh: docker.ssh });
}
