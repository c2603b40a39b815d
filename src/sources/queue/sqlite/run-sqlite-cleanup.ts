import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { cleanupResult } from '../core/plan-cleanup.js';
import type { CleanupPlan, CleanupResult } from '../core/queue-source.js';
import type { SqliteCleanupSql } from './build-sqlite-cleanup-sql.js';
import { checkDatabaseFile } from './check-database-file.js';

export interface SqliteWrite {
  readonly path: string;
  readonly pathHint: string;
  readonly busyTimeoutMs: number;
}

/**
 * Runs a planned cleanup on its own read-write handle, opened for the write and closed
 * after. The UPDATE re-checks each task's condition under the write lock; what it did
 * not touch is reported as skipped. Marks, never deletes.
 */
export function runSqliteCleanup(
  plan: CleanupPlan,
  sql: SqliteCleanupSql,
  where: SqliteWrite,
): CleanupResult {
  const ids = plan.items.map((item) => item.id);
  if (ids.length === 0) return cleanupResult(plan, []);
  checkDatabaseFile(where.path, where.pathHint);
  // mode=rw: open read-write but never create; a file removed since the check stays missing.
  const url = pathToFileURL(where.path);
  url.searchParams.set('mode', 'rw');
  const db = new DatabaseSync(url, { timeout: where.busyTimeoutMs });
  try {
    db.exec(`PRAGMA busy_timeout = ${Math.round(where.busyTimeoutMs)}`);
    // IMMEDIATE takes the write lock before reading, so the re-check and the update
    // see the same rows and no writer can slip in between.
    db.exec('BEGIN IMMEDIATE');
    const rows = db.prepare(sql.text).all({ ...sql.params, ids: JSON.stringify(ids) });
    db.exec('COMMIT');
    return cleanupResult(
      plan,
      rows.map((row) => String(row.id_)),
    );
  } finally {
    if (db.isTransaction) db.exec('ROLLBACK');
    db.close();
  }
}
