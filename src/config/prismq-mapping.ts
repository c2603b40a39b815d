import type { SqliteMapping } from './sqlite-mapping.js';

/**
 * PrismQ's `task_queue` + `workers` (../shared/reference/queues.md §4). `processing`
 * is read but never written by PrismQ's main path (its worker keeps `leased` and only
 * stamps processing_started_utc), so both count as in flight.
 */
export const prismqMapping: SqliteMapping = {
  table: 'task_queue',
  columns: {
    id: 'id',
    status: 'status',
    type: 'type',
    createdAt: 'created_at_utc',
    startedAt: ['processing_started_utc', 'reserved_at_utc'],
    finishedAt: 'finished_at_utc',
    updatedAt: 'updated_at_utc',
    worker: 'locked_by',
    error: 'error_message',
    attempts: 'attempts',
    leaseUntil: 'lease_until_utc',
  },
  statuses: {
    waiting: ['queued'],
    active: ['leased', 'processing'],
    success: ['completed'],
    failure: ['failed'],
    deadLetter: ['dead_letter'],
    failedValue: 'failed',
  },
  workers: {
    table: 'workers',
    id: 'worker_id',
    heartbeat: 'heartbeat_utc',
  },
};
