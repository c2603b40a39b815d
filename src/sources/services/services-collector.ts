import { errorLine } from '../../shared/errors.js';
import { PollingCollector } from '../../shared/polling-collector.js';
import { failedResult, okResult, type SourceResult } from '../../shared/source-result.js';
import type { DockerSnapshot } from '../docker/docker-snapshot.js';
import { ProcSampler } from './proc/proc-sampler.js';
import { buildServicesSnapshot } from './build-services-snapshot.js';
import type { InstanceResources, ServiceProvider } from './service-provider.js';
import { trackRestarts, type TrackedInstance } from './track-restarts.js';

export interface ServicesCollectorOptions {
  readonly provider: ServiceProvider;
  readonly everyMs: number;
  readonly workerPattern: RegExp;
  /** Where procfs is mounted (tests); default `/proc`. */
  readonly procRoot?: string;
  readonly now?: () => number;
}

/**
 * The collector of a service provider: reads its listing on its own schedule, samples
 * /proc for the instances the provider does not measure, counts restarts it sees, and
 * publishes the same SourceResult<DockerSnapshot> as the Docker collector. A failed read
 * is a failed result (the Services panel says why), never an exception.
 */
export function servicesCollector(
  options: ServicesCollectorOptions,
): PollingCollector<SourceResult<DockerSnapshot>> {
  const now = options.now ?? Date.now;
  const sampler = new ProcSampler(
    options.procRoot === undefined ? {} : { procRoot: options.procRoot },
  );
  let tracked: ReadonlyMap<string, TrackedInstance> = new Map();
  let lastOkAt: number | null = null;
  const poll = async (): Promise<SourceResult<DockerSnapshot>> => {
    const started = performance.now();
    try {
      const listing = await options.provider.list();
      const at = now();
      // Only what the provider does not measure itself (systemd reads the unit's cgroup).
      const pids = listing.instances.flatMap((i) =>
        i.resources === null && i.pid !== null ? [i.pid] : [],
      );
      let sampled: ReadonlyMap<number, InstanceResources> = new Map();
      try {
        sampled = sampler.sample(pids, at);
      } catch {
        // No /proc (not Linux) or a race with an exiting process: resources stay unknown.
      }
      tracked = trackRestarts(tracked, listing.instances);
      const observedRestarts = new Map([...tracked].map(([id, t]) => [id, t.restarts]));
      const data = buildServicesSnapshot({
        kind: options.provider.kind,
        listing,
        sampled,
        observedRestarts,
        workerPattern: options.workerPattern,
        now: at,
      });
      lastOkAt = at;
      return okResult(data, at, performance.now() - started);
    } catch (error) {
      return failedResult(errorLine(error), now(), lastOkAt);
    }
  };
  return new PollingCollector({
    intervalMs: options.everyMs,
    poll,
    close: () => options.provider.close(),
  });
}
