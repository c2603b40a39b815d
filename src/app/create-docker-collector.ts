import type { ResolvedConfig } from '../config/load-config.js';
import { createDockerClient } from './create-docker-client.js';
import { DockerCollector } from '../sources/docker/docker-collector.js';

/** The Docker collector for the configured endpoint, not yet started; null when Docker is off. */
export function createDockerCollector(config: ResolvedConfig): DockerCollector | null {
  const client = createDockerClient(config);
  if (client === null || config.docker === null) return null;
  return new DockerCollector({ client, config: config.docker });
}
