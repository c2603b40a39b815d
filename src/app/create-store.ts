import { PG_PRESETS } from '../config/config-schema.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { PollingCollector } from '../shared/polling-collector.js';
import { postgresProbe } from '../sources/probes/postgres-probe.js';
import { probeCollector } from '../sources/probes/probe-collector.js';
import type { QueueSource } from '../sources/queue/core/queue-source.js';
import { queueCollector } from '../sources/queue/queue-collector.js';
import type { AlertsView } from '../store/alerts-view.js';
import type { AppHistory } from '../store/app-snapshot.js';
import { AppStore } from '../store/app-store.js';
import { createDockerCollector, dockerFeed } from './create-docker-collector.js';
import { createQueueSource } from './create-queue-source.js';
import { createServiceProvider } from './create-service-provider.js';
import { servicesFeed } from './create-services-feed.js';
import type { ServiceProvider } from '../sources/services/service-provider.js';

export interface StoreExtras {
  /** Reads the monitor's alert state (the dashboard's view of it). */
  readonly readAlerts?: (now: number) => AlertsView | null;
  /** Recorded history to start the sparklines with. */
  readonly initialHistory?: AppHistory | null;
}

/** What createStore builds: the store, and the sources the actions write through. */
export interface LiveSources {
  readonly store: AppStore;
  readonly queue: QueueSource | null;
  /** The service provider (services:), whose instances the store shows in the docker slot. */
  readonly provider: ServiceProvider | null;
}

/**
 * The composition root of the live data: one collector per configured source (queue,
 * Docker, probes, the monitor's alerts), each on its own schedule, folded by one store.
 * The queue source and the service provider are returned too: the cleanup and restart
 * actions and healing write through them. A target has Docker or a service provider,
 * never both (load-config refuses it), and either feeds the Services panel.
 */
export function createStore(config: ResolvedConfig, extras: StoreExtras = {}): LiveSources {
  const queue = createQueueSource(config);
  const q = config.queue;
  const explainFailure =
    q !== null && PG_PRESETS.includes(q.preset)
      ? () =>
          postgresProbe({
            name: 'database',
            connectionString: q.url,
            timeoutMs: q.statementTimeout,
          })
      : null;
  const docker = createDockerCollector(config);
  const provider = createServiceProvider(config);
  const { readAlerts } = extras;
  const store = new AppStore({
    target: config.target,
    readOnly: config.readOnly,
    intervalMs: config.intervalMs,
    thresholds: config.thresholds,
    queueTarget: queue?.target ?? null,
    servicesProvider: docker === null && provider !== null ? provider.kind : 'docker',
    initialHistory: extras.initialHistory ?? null,
    feeds: {
      queue:
        queue === null
          ? null
          : queueCollector(queue, { intervalMs: config.intervalMs, explainFailure }),
      docker:
        docker !== null
          ? dockerFeed(docker)
          : provider === null
            ? null
            : servicesFeed(provider, config),
      probes: config.probes.length === 0 ? null : probeCollector(config.probes, config.intervalMs),
      alerts: readAlerts === undefined ? null : alertsCollector(readAlerts, config.intervalMs),
    },
  });
  return { store, queue, provider };
}

/** The alert state is a nicety of the dashboard: a read that fails keeps the last view. */
function alertsCollector(
  readAlerts: (now: number) => AlertsView | null,
  intervalMs: number,
): PollingCollector<AlertsView | null> {
  let last: AlertsView | null = null;
  return new PollingCollector({
    intervalMs,
    poll: () => {
      try {
        last = readAlerts(Date.now());
      } catch {
        // keep the last view
      }
      return Promise.resolve(last);
    },
  });
}
