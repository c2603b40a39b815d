import type { SQLOutputValue } from 'node:sqlite';

/**
 * One task as the SQLite queries return it. `rowid` follows changes (new rows have a
 * higher one); `id` is the mapped id column, shown to people and used by cleanup.
 * Times are epoch milliseconds, null when the column is NULL or not a datetime.
 */
export interface TaskRow {
  readonly rowid: number;
  readonly id: string;
  readonly status: string;
  readonly type: string | null;
  readonly worker: string | null;
  readonly createdMs: number | null;
  readonly startedMs: number | null;
  readonly endMs: number | null;
  readonly attempts: number | null;
  readonly leaseUntilMs: number | null;
}

const text = (v: SQLOutputValue | undefined): string | null =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'bigint'
      ? String(v)
      : v instanceof Uint8Array
        ? Buffer.from(v).toString('utf8')
        : null;
const num = (v: SQLOutputValue | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'bigint'
      ? Number(v)
      : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
        ? Number(v)
        : null;

/** Parses a row of the task column list built by buildSqliteQueueSql. */
export function parseTaskRow(row: Record<string, SQLOutputValue>): TaskRow {
  const rowid = num(row.rowid_);
  if (rowid === null) throw new TypeError('task row without a rowid');
  return {
    rowid,
    id: text(row.id_) ?? String(rowid),
    status: text(row.status_) ?? '',
    type: text(row.type_),
    worker: text(row.worker_),
    createdMs: num(row.created_ms),
    startedMs: num(row.started_ms),
    endMs: num(row.end_ms),
    attempts: num(row.attempts_),
    leaseUntilMs: num(row.lease_ms),
  };
}
