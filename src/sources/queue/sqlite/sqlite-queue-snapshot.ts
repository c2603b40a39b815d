import type { QueueSnapshot } from '../core/queue-snapshot.js';
import type { SqliteQueueMetrics } from './sqlite-queue-metrics.js';
import type { SqliteWorker } from './sqlite-worker.js';

/** The common snapshot plus PrismQ's own metrics and the workers' capabilities. */
export interface SqliteQueueSnapshot extends QueueSnapshot {
  readonly metrics: SqliteQueueMetrics;
  readonly workers: readonly SqliteWorker[] | null;
}
