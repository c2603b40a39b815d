import type { ResolvedConfig } from '../config/load-config.js';
import type { Feed } from '../shared/feed.js';
import type { SourceResult } from '../shared/source-result.js';
import { DockerCollector } from '../sources/docker/docker-collector.js';
import type { DockerSnapshot } from '../sources/docker/docker-snapshot.js';
import { createDockerClient } from './create-docker-client.js';

/** The Docker collector for the configured endpoint, not yet started; null when Docker is off. */
export function createDockerCollector(config: ResolvedConfig): DockerCollector | null {
  const client = createDockerClient(config);
  if (client === null || config.docker === null) return null;
  return new DockerCollector({ client, config: config.docker });
}

/** How long a one-shot `status` waits for Docker's first picture (with log lines). */
const FIRST_PICTURE_MS = 8_000;

/** Log lines read, and CPU figures for every running container (they need two samples). */
function firstPictureComplete(r: SourceResult<DockerSnapshot>): boolean {
  if (!r.ok) return true;
  const running = r.data.services.flatMap((s) => s.containers).filter((c) => c.state === 'running');
  return r.data.logsReadAt != null && running.every((c) => c.resources?.cpuPercent != null);
}

/**
 * The Docker collector as the store's feed: it pushes (events, stats streams), and a
 * one-shot reading waits for its first complete picture.
 */
export function dockerFeed(collector: DockerCollector): Feed<SourceResult<DockerSnapshot>> {
  return {
    start: () => {
      collector.start();
    },
    subscribe: collector.subscribe,
    getSnapshot: collector.getSnapshot,
    refreshOnce: () => {
      collector.start();
      return collector.waitFor(firstPictureComplete, FIRST_PICTURE_MS);
    },
    close: () => collector.close(),
  };
}
