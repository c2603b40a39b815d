import type { ConfiguredProbeResult } from '../probes/run-configured-probes.js';
import type { ReadinessCheck, Verdict } from '../probes/readiness-verdict.js';
import type { QueueSnapshot } from '../queue/queue-snapshot.js';
import type { Series } from './series.js';
import type { SourceState } from './source-state.js';

export interface AppHistory {
  readonly queueDepth: Series;
  readonly throughput: Series;
  readonly failureRate: Series;
}

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
  readonly probes: SourceState<readonly ConfiguredProbeResult[]>;
  readonly readiness: readonly ReadinessCheck[];
  /** Null until the first refresh completed. */
  readonly verdict: Verdict | null;
  readonly history: AppHistory;
}
