import type { ConfiguredProbeResult } from '../sources/probes/run-configured-probes.js';
import type { ProbeResult } from '../sources/probes/probe-result.js';
import type { ReadinessCheck, Verdict } from './readiness-verdict.js';
import type { DockerSnapshot } from '../sources/docker/docker-snapshot.js';
import type { AlertsView } from './alerts-view.js';
import type { QueueSnapshot } from '../sources/queue/core/queue-snapshot.js';
import type { Series } from './series.js';
import type { SourceState } from './source-state.js';

export interface AppHistory {
  readonly queueDepth: Series;
  readonly throughput: Series;
  readonly failureRate: Series;
  /** Sum over running worker containers, % of one core (gaps without Docker data). */
  readonly workerCpu: Series;
  /** Sum over running worker containers, MiB excluding page cache. */
  readonly workerMemory: Series;
}

/** What runs the services: the Docker engine or one of the service providers. */
export type ServicesProviderName = 'docker' | 'supervisor' | 'systemd' | 'processes';

/**
 * Everything the views show, as one immutable value (DESIGN.md "The store"). The UI
 * reads it through useSyncExternalStore and never performs I/O itself.
 */
export interface AppSnapshot {
  readonly target: string;
  readonly readOnly: boolean;
  readonly intervalMs: number;
  readonly paused: boolean;
  /** Where the queue source points (password removed), or null. */
  readonly queueTarget: string | null;
  readonly queue: SourceState<QueueSnapshot>;
  /** The database check that came with the last queue reading; null before one (or none). */
  readonly database: ProbeResult | null;
  /**
   * Compose services, worker containers and per-job containers; or the instances of a
   * service provider (supervisor, systemd, processes) in the same shape.
   */
  readonly docker: SourceState<DockerSnapshot>;
  /** What feeds `docker`, for the status bar (`supervisor live`); absent means Docker. */
  readonly servicesProvider?: ServicesProviderName;
  readonly probes: SourceState<readonly ConfiguredProbeResult[]>;
  readonly readiness: readonly ReadinessCheck[];
  /** Null until the first refresh completed. */
  readonly verdict: Verdict | null;
  readonly history: AppHistory;
  /** The monitor's alerts and pause (read from its state file), or null without one. */
  readonly alerts: AlertsView | null;
}
