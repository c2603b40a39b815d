import type { ResolvedConfig } from '../config/load-config.js';
import type { Feed } from '../shared/feed.js';
import type { SourceResult } from '../shared/source-result.js';
import type { DockerSnapshot } from '../sources/docker/docker-snapshot.js';
import type { ServiceProvider } from '../sources/services/service-provider.js';
import { servicesCollector } from '../sources/services/services-collector.js';

/** CPU % needs two /proc samples: a one-shot reading takes the second after this pause. */
const SECOND_SAMPLE_MS = 500;

function cpuPending(r: SourceResult<DockerSnapshot> | null): boolean {
  if (r === null || !r.ok) return false;
  return r.data.services
    .flatMap((s) => s.containers)
    .some((c) => c.state === 'running' && c.resources !== null && c.resources.cpuPercent === null);
}

/**
 * The service provider's collector as the store's `docker` feed (the Services and
 * Workers panels read one shape). A one-shot reading (`status`, a monitor check) reads
 * twice when the first had no CPU figures yet.
 */
export function servicesFeed(
  provider: ServiceProvider,
  config: Pick<ResolvedConfig, 'services'>,
): Feed<SourceResult<DockerSnapshot>> | null {
  const services = config.services;
  if (services === null) return null;
  const collector = servicesCollector({
    provider,
    everyMs: services.every,
    workerPattern: new RegExp(services.workerPattern),
  });
  return {
    start: () => {
      collector.start();
    },
    subscribe: collector.subscribe,
    getSnapshot: collector.getSnapshot,
    refreshOnce: async () => {
      const first = await collector.refreshOnce();
      if (!cpuPending(first)) return first;
      await new Promise((resolve) => setTimeout(resolve, SECOND_SAMPLE_MS));
      return collector.refreshOnce();
    },
    setPaused: (paused) => {
      collector.setPaused(paused);
    },
    close: () => collector.close(),
  };
}
