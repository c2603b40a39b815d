import type { DatabaseSync } from 'node:sqlite';
import { SourceQueryError } from '../../../shared/errors.js';
import type { SqliteMapping } from '../../../config/sqlite-mapping.js';
import { sqlIdentifier as q } from '../core/sql-identifier.js';
import type { WindowIndex } from './sqlite-queue-sql.js';

/** Where the schema is checked, for messages. */
export interface SchemaContext {
  readonly path: string;
  /** Where the path came from ("DATABASE_URL or queue.sqlite.path"). */
  readonly pathHint: string;
  /** The file's size: an empty file is "not a queue database", not "table not found". */
  readonly size: number;
}

/**
 * Checks the mapped tables and columns exist and timestamps are text; returns which
 * index serves the window read. Every failure is one line naming the config key to fix.
 */
export function checkSqliteSchema(
  db: DatabaseSync,
  m: SqliteMapping,
  { path, pathHint: hint, size }: SchemaContext,
): WindowIndex {
  const columnsOf = (table: string): Set<string> => {
    const [schema, name] = table.includes('.') ? table.split('.', 2) : ['main', table];
    const rows = db
      .prepare('SELECT name FROM pragma_table_xinfo(:name, :schema)')
      .all({ name: name ?? table, schema: schema ?? 'main' });
    return new Set(rows.map((row) => String(row.name).toLowerCase()));
  };
  const missingTable = (table: string, key: string): SourceQueryError => {
    if (size === 0) {
      return new SourceQueryError(
        `SQLite database ${path} is empty (0 bytes), not a queue database; check ${hint}`,
      );
    }
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name LIMIT 10",
      )
      .all()
      .map((row) => String(row.name));
    return new SourceQueryError(
      `table ${table} not found in ${path} (it has: ${tables.length === 0 ? 'no tables' : tables.join(', ')}); check ${hint}, or set ${key} if the queue's table has another name`,
    );
  };
  const c = m.columns;
  const taskColumns = columnsOf(m.table);
  if (taskColumns.size === 0) throw missingTable(m.table, 'queue.sqlite.table');
  const wanted: [string, string | null][] = [
    ['id', c.id],
    ['status', c.status],
    ['type', c.type],
    ['createdAt', c.createdAt],
    ...c.startedAt.map((name): [string, string] => ['startedAt', name]),
    ['finishedAt', c.finishedAt],
    ['updatedAt', c.updatedAt],
    ['worker', c.worker],
    ['error', c.error],
    ['attempts', c.attempts],
    ['leaseUntil', c.leaseUntil],
  ];
  const missing = wanted.filter(
    (entry): entry is [string, string] =>
      entry[1] !== null && !taskColumns.has(entry[1].toLowerCase()),
  );
  if (missing.length > 0) {
    const list = missing.map(([k, name]) => `${name} (queue.sqlite.columns.${k})`).join(', ');
    throw new SourceQueryError(
      `table ${m.table} in ${path} has no column ${list}; map it to the right column, or null where optional`,
    );
  }
  const w = m.workers;
  if (w !== null) {
    const workerColumns = columnsOf(w.table);
    if (workerColumns.size === 0) throw missingTable(w.table, 'queue.sqlite.workers.table');
    const workerWanted: [string, string | null][] = [
      ['id', w.id],
      ['heartbeat', w.heartbeat],
    ];
    const gone = workerWanted.filter(
      (entry): entry is [string, string] =>
        entry[1] !== null && !workerColumns.has(entry[1].toLowerCase()),
    );
    if (gone.length > 0) {
      const list = gone.map(([k, name]) => `${name} (queue.sqlite.workers.${k})`).join(', ');
      throw new SourceQueryError(
        `table ${w.table} in ${path} has no column ${list}; map it, or set queue.sqlite.workers to null if the queue keeps no heartbeats`,
      );
    }
  }
  // Text timestamps are compared as text in range filters: numbers would silently
  // never match, so say so instead.
  const sample = db
    .prepare(
      `SELECT typeof(${q(c.createdAt)}) AS t FROM ${q(m.table)} WHERE ${q(c.createdAt)} IS NOT NULL LIMIT 1`,
    )
    .get();
  if (sample !== undefined && sample.t !== 'text') {
    throw new SourceQueryError(
      `column ${c.createdAt} of ${m.table} holds ${String(sample.t)} values; jobdeck reads SQLite text datetimes in UTC (YYYY-MM-DD HH:MM:SS, what datetime('now') writes)`,
    );
  }
  return windowIndexOf(db, m);
}

/** An index led by (status, finished) or by finished serves the window read; see SqliteQueueSql. */
function windowIndexOf(db: DatabaseSync, m: SqliteMapping): WindowIndex {
  const [schema, name] = m.table.includes('.') ? m.table.split('.', 2) : ['main', m.table];
  const rows = db
    .prepare(
      `SELECT il.name AS idx, ii.seqno AS seq, lower(ii.name) AS col
         FROM pragma_index_list(:name, :schema) il, pragma_index_info(il.name, :schema) ii
        WHERE il.partial = 0 ORDER BY il.name, ii.seqno`,
    )
    .all({ name: name ?? m.table, schema: schema ?? 'main' });
  const byIndex = new Map<string, string[]>();
  for (const row of rows) {
    const cols = byIndex.get(String(row.idx)) ?? [];
    cols.push(String(row.col));
    byIndex.set(String(row.idx), cols);
  }
  const status = m.columns.status.toLowerCase();
  const end = m.columns.finishedAt.toLowerCase();
  let found: WindowIndex = null;
  for (const cols of byIndex.values()) {
    if (cols[0] === status && cols[1] === end) return 'status-end';
    if (cols[0] === end) found = 'end';
  }
  return found;
}
