import {
  DatabaseSync,
  type SQLInputValue,
  type SQLOutputValue,
  type StatementSync,
} from 'node:sqlite';
import { SourceQueryError } from '../../../shared/errors.js';
import type { SqliteMapping } from '../../../config/sqlite-mapping.js';
import { checkSqliteSchema } from './check-sqlite-schema.js';
import { buildSqliteQueueSql, type SqliteQueueSql, type WindowIndex } from './sqlite-queue-sql.js';

export type Row = Record<string, SQLOutputValue>;
export type Params = Record<string, SQLInputValue>;

/** The long-lived read-only handle, its prepared statements, and the file it was opened on. */
export interface SqliteHandle {
  readonly path: string;
  readonly db: DatabaseSync;
  readonly dev: number;
  readonly ino: number;
  readonly sql: SqliteQueueSql;
  readonly statements: Map<string, StatementSync>;
  readonly windowIndex: WindowIndex;
}

export interface OpenOptions {
  readonly path: string;
  readonly pathHint: string;
  readonly busyTimeoutMs: number;
  readonly stats: { readonly dev: number; readonly ino: number; readonly size: number };
}

/**
 * Opens the file read-only (`readOnly: true`: a missing file is never created and no
 * write can happen), checks the schema, and prepares every statement.
 */
export function openSqliteHandle(mapping: SqliteMapping, o: OpenOptions): SqliteHandle {
  const db = new DatabaseSync(o.path, { readOnly: true, timeout: o.busyTimeoutMs });
  try {
    // Also as a PRAGMA: the `timeout` option is ignored by Node versions before 24.
    db.exec(`PRAGMA busy_timeout = ${Math.round(o.busyTimeoutMs)}`);
    const windowIndex = checkSqliteSchema(db, mapping, {
      path: o.path,
      pathHint: o.pathHint,
      size: o.stats.size,
    });
    const sql = buildSqliteQueueSql(mapping, windowIndex);
    const statements = new Map<string, StatementSync>();
    for (const text of Object.values(sql)) {
      if (typeof text === 'string') statements.set(text, db.prepare(text));
    }
    return { path: o.path, db, dev: o.stats.dev, ino: o.stats.ino, sql, statements, windowIndex };
  } catch (error) {
    db.close();
    throw error;
  }
}

function statement(h: SqliteHandle, text: string): StatementSync {
  let stmt = h.statements.get(text);
  if (stmt === undefined) {
    stmt = h.db.prepare(text);
    h.statements.set(text, stmt);
  }
  return stmt;
}

export function allRows(h: SqliteHandle, text: string, params?: Params): Row[] {
  const stmt = statement(h, text);
  return params === undefined ? stmt.all() : stmt.all(params);
}

export function oneRow(h: SqliteHandle, text: string): Row {
  const row = statement(h, text).get();
  if (row === undefined) throw new SourceQueryError(`SQLite database ${h.path}: no row`);
  return row;
}
