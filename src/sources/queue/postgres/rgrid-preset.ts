import { genericStuckCondition, genericStuckReason } from './generic-stuck-reason.js';
import type { PgPreset } from './pg-preset.js';

/**
 * RGrid's `executions` + `worker_heartbeats` (../shared/reference/queues.md §3).
 * Timestamps are naive UTC; the source's sessions run with TimeZone=UTC so they compare
 * correctly with now(). Runner workers may never fill `executions.worker_id`: such
 * running executions are reported as unattributed and never touched by the
 * dead-worker cleanup.
 */
export const rgridPreset: PgPreset = {
  name: 'rgrid',
  table: 'executions',
  columns: {
    id: 'id',
    status: 'status',
    type: 'runtime',
    createdAt: 'created_at',
    startedAt: 'started_at',
    end: ['completed_at'],
    worker: 'worker_id',
    group: null,
  },
  statuses: {
    waiting: ['queued'],
    active: ['running'],
    success: ['completed'],
    failure: ['failed'],
  },
  cleanup: {
    failedValue: 'failed',
    endColumn: 'completed_at',
    reasonColumn: 'execution_error',
    reasonMode: 'set',
    deadWorkerReason: 'Worker died unexpectedly',
  },
  heartbeats: {
    table: 'worker_heartbeats',
    workerColumn: 'worker_id',
    heartbeatColumn: 'last_heartbeat_at',
  },
  stuckReason: genericStuckReason(['running']),
  stuckCondition: genericStuckCondition(['running']),
  blockers: () => [],
};
