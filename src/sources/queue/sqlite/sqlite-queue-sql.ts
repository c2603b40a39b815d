import { sqlIdentifier as q } from '../core/sql-identifier.js';
import type { SqliteMapping } from '../../../config/sqlite-mapping.js';

/** Which index, if any, serves the window's "finished since" range (see the benchmark). */
export type WindowIndex = 'status-end' | 'end' | null;

/**
 * The read statements of the SQLite source. Identifiers are validated and quoted;
 * every value (statuses, ids, times) is a named parameter. Status lists are bound as
 * JSON arrays (`IN (SELECT value FROM json_each(:x))`), which SQLite still answers from
 * the status index.
 */
export interface SqliteQueueSql {
  /** `:active` → rowid and status of every in-flight task (a few). */
  readonly activeIds: string;
  /** `:waiting` → per waiting status, the count and sum of its rowids (see Fingerprint). */
  readonly waitingPrints: string;
  /** `:waiting` → one row per waiting status with its rowids (`group_concat`). */
  readonly waitingIds: string;
  /** `:ids` (JSON array of rowids) → task rows. */
  readonly rowsByRowid: string;
  /** `:after` → task rows with a higher rowid (inserted since). */
  readonly newRows: string;
  /** `:live` → every live task row (full recount). */
  readonly liveRows: string;
  /**
   * `:terminal`, `:since` (text datetime) → rows finished since then: the window (full
   * recount), and the recently finished rows (incremental, only with a window index).
   */
  readonly windowRows: string;
  /** Count by status and type over the whole table (full recount). */
  readonly counts: string;
  readonly total: string;
  readonly maxRowid: string;
  readonly workers: string | null;
}

/** Epoch ms from an SQLite datetime; NULL stays NULL. */
const ms = (expr: string): string => `CAST(round(unixepoch(${expr}, 'subsec') * 1000) AS INTEGER)`;

export function buildSqliteQueueSql(m: SqliteMapping, windowIndex: WindowIndex): SqliteQueueSql {
  const c = m.columns;
  const t = q(m.table);
  const status = q(c.status);
  const started =
    c.startedAt.length === 0
      ? 'NULL'
      : c.startedAt.length === 1
        ? q(c.startedAt[0] ?? '')
        : `COALESCE(${c.startedAt.map(q).join(', ')})`;
  const cols = [
    'rowid AS rowid_',
    `${q(c.id)} AS id_`,
    `${status} AS status_`,
    `${c.type === null ? 'NULL' : q(c.type)} AS type_`,
    `${c.worker === null ? 'NULL' : q(c.worker)} AS worker_`,
    `${ms(q(c.createdAt))} AS created_ms`,
    `${started === 'NULL' ? 'NULL' : ms(started)} AS started_ms`,
    `${ms(q(c.finishedAt))} AS end_ms`,
    `${c.attempts === null ? 'NULL' : q(c.attempts)} AS attempts_`,
    `${c.leaseUntil === null ? 'NULL' : ms(q(c.leaseUntil))} AS lease_ms`,
  ].join(', ');
  const select = `SELECT ${cols} FROM ${t}`;
  const inList = (param: string): string => `IN (SELECT value FROM json_each(:${param}))`;
  // With (status, finished) the planner seeks each status's recent range. Otherwise the
  // status index would cost one table lookup per finished row (all of history), so it
  // is switched off (`+status`): a finished index, or else one sequential scan, is cheaper.
  const windowStatus = windowIndex === 'status-end' ? status : `+${status}`;
  const w = m.workers;
  return {
    // These three read the status index alone (it holds the rowid): no table lookups.
    activeIds: `SELECT rowid AS rowid_, ${status} AS status_ FROM ${t} WHERE ${status} ${inList('active')}`,
    waitingPrints: `SELECT ${status} AS status_, count(*) AS n, sum(rowid % 1000000007) AS s FROM ${t} WHERE ${status} ${inList('waiting')} GROUP BY 1`,
    waitingIds: `SELECT ${status} AS status_, group_concat(rowid) AS ids FROM ${t} WHERE ${status} ${inList('waiting')} GROUP BY 1`,
    rowsByRowid: `${select} WHERE rowid ${inList('ids')}`,
    newRows: `${select} WHERE rowid > :after`,
    liveRows: `${select} WHERE ${status} ${inList('live')}`,
    windowRows: `${select} WHERE ${windowStatus} ${inList('terminal')} AND ${q(c.finishedAt)} >= :since`,
    counts: `SELECT ${status} AS status_, ${c.type === null ? 'NULL' : q(c.type)} AS type_, count(*) AS n FROM ${t} GROUP BY 1, 2`,
    total: `SELECT count(*) AS n FROM ${t}`,
    maxRowid: `SELECT max(rowid) AS m FROM ${t}`,
    workers:
      w === null
        ? null
        : `SELECT ${q(w.id)} AS id_, ${ms(q(w.heartbeat))} AS beat_ms FROM ${q(w.table)}`,
  };
}
