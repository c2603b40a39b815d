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

export interface StoreExtras {
  /** Reads the monitor's alert state (the dashboard's view of it). */
  readonly readAlerts?: (now: number) => AlertsView | null;
  /** Recorded history to start the sparklines with. */
  readonly initialHistory?: AppHistory | null;
}

/**
 * The composition root of the live data: one collector per configured source (queue,
 * Docker, probes, the monitor's alerts), each on its own schedule, folded by one store.
 * The queue source is returned too: the cleanup actions and healing write through it.
 */
export function createStore(
  config: ResolvedConfig,
  extras: StoreExtras = {},
): { store: AppStore; queue: QueueSource | null } {
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
  const { readAlerts } = extras;
  const store = new AppStore({
    target: config.target,
    readOnly: config.readOnly,
    intervalMs: config.intervalMs,
    thresholds: config.thresholds,
    queueTarget: queue?.target ?? null,
    initialHistory: extras.initialHistory ?? null,
    feeds: {
      queue:
        queue === null
          ? null
          : queueCollector(queue, { intervalMs: config.intervalMs, explainFailure }),
      docker: docker === null ? null : dockerFeed(docker),
      probes: config.probes.length === 0 ? null : probeCollector(config.probes, config.intervalMs),
      alerts: readAlerts === undefined ? null : alertsCollector(readAlerts, config.intervalMs),
    },
  });
  return { store, queue };
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
