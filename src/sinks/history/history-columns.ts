import type { HistoryRow } from './history-row.js';

type ValueKey = Exclude<keyof HistoryRow, 'at' | 'resolutionMs' | 'samples'>;

/**
 * The value columns, in CSV order: the same names in SQL and in the CSV header, which
 * follows the operators' `queue_metrics.log` (`timestamp,queue_depth,…`).
 */
export const HISTORY_COLUMNS: readonly { readonly key: ValueKey; readonly column: string }[] = [
  { key: 'queueDepth', column: 'queue_depth' },
  { key: 'pending', column: 'pending' },
  { key: 'queued', column: 'queued' },
  { key: 'started', column: 'started' },
  { key: 'finished1h', column: 'finished_1h' },
  { key: 'failed1h', column: 'failed_1h' },
  { key: 'failureRate', column: 'failure_rate' },
  { key: 'throughputPerMin', column: 'throughput_per_min' },
  { key: 'stuck', column: 'stuck' },
  { key: 'workersRunning', column: 'workers_running' },
  { key: 'workersTotal', column: 'workers_total' },
  { key: 'workerCpu', column: 'worker_cpu' },
  { key: 'workerMemMb', column: 'worker_mem_mb' },
];
