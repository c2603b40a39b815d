import type { CustomMapping } from '../../../config/config-schema.js';
import { genericStuckCondition, genericStuckReason } from './generic-stuck-reason.js';
import type { PgPreset } from './pg-preset.js';

/** Any PostgreSQL job table, mapped by config (`queue.custom`). */
export function customPreset(mapping: CustomMapping): PgPreset {
  const { columns, statuses } = mapping;
  return {
    name: 'custom',
    table: mapping.table,
    columns: {
      id: columns.id,
      status: columns.status,
      type: columns.type ?? null,
      createdAt: columns.createdAt,
      startedAt: columns.startedAt ?? null,
      end: columns.finishedAt ?? [],
      worker: columns.worker ?? null,
      group: columns.group ?? null,
    },
    statuses: {
      waiting: statuses.waiting,
      active: statuses.active,
      success: statuses.success,
      failure: statuses.failure,
    },
    cleanup: {
      failedValue: statuses.failedValue ?? statuses.failure[0] ?? 'failed',
      endColumn: columns.finishedAt?.[0] ?? null,
      reasonColumn: columns.error ?? null,
      reasonMode: 'append',
      deadWorkerReason: 'Worker died unexpectedly',
    },
    heartbeats: mapping.heartbeats ?? null,
    stuckReason: genericStuckReason(statuses.active),
    stuckCondition: genericStuckCondition(statuses.active),
    blockers: () => [],
  };
}
