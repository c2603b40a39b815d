import { runEvery } from '../../shared/scheduler.js';
import type { AppSnapshot } from '../../store/app-snapshot.js';
import { historyRowFromSnapshot } from './history-row-from-snapshot.js';
import type { HistoryStore } from './history-store.js';

export interface HistorySamplerOptions {
  readonly store: HistoryStore;
  /** The store's current snapshot (`AppStore.getSnapshot`). */
  readonly snapshot: () => AppSnapshot;
  /** Default one minute (issue 7: "sample every minute, configurable"). */
  readonly intervalMs?: number;
  /** How often old rows are averaged and dropped; default hourly. */
  readonly compactEveryMs?: number;
  readonly signal: AbortSignal;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}

/**
 * Records one history row per interval until `signal` aborts (on the one scheduler:
 * first run at once, no overlap, backoff on failure). Skips a tick when nothing is
 * known yet (the first refresh is still running), and when another process (a
 * dashboard beside the monitor) wrote a row less than half an interval ago, so two
 * writers do not double the sampling rate.
 */
export function runHistorySampler(options: HistorySamplerOptions): Promise<void> {
  const intervalMs = options.intervalMs ?? 60_000;
  const compactEveryMs = options.compactEveryMs ?? 3_600_000;
  const now = options.now ?? Date.now;
  let lastCompact = Number.NEGATIVE_INFINITY;
  return runEvery(
    intervalMs,
    () => {
      const at = now();
      const snapshot = options.snapshot();
      const unknown = (s: AppSnapshot['queue']['status']): boolean =>
        s === 'loading' || s === 'off';
      if (!(unknown(snapshot.queue.status) && unknown(snapshot.docker.status))) {
        const latest = options.store.latestAt();
        if (latest === null || at - latest >= intervalMs / 2) {
          options.store.record(historyRowFromSnapshot(snapshot, at, intervalMs));
        }
      }
      if (at - lastCompact >= compactEveryMs) {
        options.store.compact(at);
        lastCompact = at;
      }
      return Promise.resolve();
    },
    options.signal,
    options.onError,
  );
}
