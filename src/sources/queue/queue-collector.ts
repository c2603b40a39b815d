import { errorLine } from '../../shared/errors.js';
import { PollingCollector } from '../../shared/polling-collector.js';
import { failedResult, okResult, type SourceResult } from '../../shared/source-result.js';
import { probeResultFor } from '../probes/probe-result-for.js';
import type { ProbeResult } from '../probes/probe-result.js';
import type { QueueSnapshot } from './core/queue-snapshot.js';
import type { QueueSource } from './core/queue-source.js';

/** One reading of the queue, with the database check that goes with it. */
export interface QueueReading {
  readonly queue: SourceResult<QueueSnapshot>;
  /** The read itself when it worked; else what `explainFailure` found (or the read's error). */
  readonly database: ProbeResult;
}

export interface QueueCollectorOptions {
  readonly intervalMs: number;
  /**
   * Asks the database directly why a read failed (PostgreSQL: `SELECT 1`), so readiness
   * can tell "database down" from "database up, queue unreadable". Null: the read's error.
   */
  readonly explainFailure: (() => Promise<ProbeResult>) | null;
  readonly now?: () => number;
}

/** The queue's collector: reads `source` on its own schedule and publishes each reading. */
export function queueCollector(
  source: QueueSource,
  options: QueueCollectorOptions,
): PollingCollector<QueueReading> {
  const now = options.now ?? Date.now;
  let lastOkAt: number | null = null;
  const poll = async (): Promise<QueueReading> => {
    const started = performance.now();
    try {
      const data = await source.read();
      lastOkAt = now();
      const durationMs = performance.now() - started;
      return {
        queue: okResult(data, lastOkAt, durationMs),
        database: probeResultFor('database', 'postgres')(
          'ok',
          durationMs,
          `${source.target} answers`,
        ),
      };
    } catch (error) {
      const queue = failedResult<QueueSnapshot>(errorLine(error), now(), lastOkAt);
      const database =
        options.explainFailure === null
          ? probeResultFor('database', 'derived')('fail', null, queue.ok ? '' : queue.error)
          : await options.explainFailure();
      return { queue, database };
    }
  };
  return new PollingCollector({
    intervalMs: options.intervalMs,
    poll,
    close: () => source.close(),
  });
}
