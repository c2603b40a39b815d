import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `fn` in one write transaction: all of it lands or none (a crash mid-save leaves
 * the previous state). IMMEDIATE takes the write lock up front, so two processes never
 * deadlock upgrading read locks.
 */
export function withTransaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
