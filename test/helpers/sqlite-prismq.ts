/**
 * Real PrismQ SQLite databases for tests: PrismQ's exact DDL, rows stamped with
 * SQLite's own `datetime('now', '-N seconds')` like PrismQ writes them, and PrismQ's
 * `get_queue_metrics()` SQL run verbatim to compare jobdeck's numbers with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { prismqSchemaSql } from '../../src/sources/queue/sqlite/prismq-schema-sql.js';

export interface TempDir {
  readonly path: string;
  file(name: string): string;
  remove(): void;
}

export function sqliteTempDir(): TempDir {
  const path = mkdtempSync(join(tmpdir(), 'jobdeck-sqlite-'));
  return {
    path,
    file: (name) => join(path, name),
    remove: () => {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Creates a PrismQ database (WAL, as PrismQ sets it, unless `journal` says otherwise). */
export function createPrismqDatabase(
  path: string,
  journal: 'wal' | 'delete' = 'wal',
): DatabaseSync {
  const db = new DatabaseSync(path, { timeout: 5000 });
  db.exec(`PRAGMA journal_mode = ${journal}; PRAGMA busy_timeout = 5000;`);
  db.exec(prismqSchemaSql);
  return db;
}

/** `datetime('now', '-N seconds')`, or NULL. */
export const ago = (seconds: number | null): string =>
  seconds === null ? 'NULL' : `datetime('now', '-${seconds} seconds')`;

export interface TaskSpec {
  readonly type: string;
  readonly status: string;
  /** Seconds ago. */
  readonly created: number;
  readonly reserved?: number | null;
  readonly processing?: number | null;
  readonly finished?: number | null;
  /** Seconds from now (negative: in the past). */
  readonly leaseIn?: number | null;
  readonly worker?: string | null;
  readonly attempts?: number;
  readonly error?: string | null;
}

/** Inserts one task in one statement, so all its times share one `now`. Returns its id. */
export function insertTask(db: DatabaseSync, t: TaskSpec): number {
  const lease =
    t.leaseIn === undefined || t.leaseIn === null
      ? 'NULL'
      : `datetime('now', '${t.leaseIn >= 0 ? '+' : ''}${t.leaseIn} seconds')`;
  const row = db
    .prepare(
      `INSERT INTO task_queue (type, payload, status, attempts, created_at_utc, updated_at_utc, run_after_utc,
         reserved_at_utc, processing_started_utc, finished_at_utc, lease_until_utc, locked_by, error_message)
       VALUES (:type, '{}', :status, :attempts, ${ago(t.created)}, ${ago(t.created)}, ${ago(t.created)},
         ${ago(t.reserved ?? null)}, ${ago(t.processing ?? null)}, ${ago(t.finished ?? null)}, ${lease}, :worker, :error)
       RETURNING id`,
    )
    .get({
      type: t.type,
      status: t.status,
      attempts: t.attempts ?? 0,
      worker: t.worker ?? null,
      error: t.error ?? null,
    });
  return Number(row?.id);
}

export function insertWorker(db: DatabaseSync, id: string, beatAgo: number, caps = '{}'): void {
  db.prepare(
    `INSERT INTO workers (worker_id, capabilities, heartbeat_utc) VALUES (?, ?, ${ago(beatAgo)})`,
  ).run(id, caps);
}

export interface PrismqMetrics {
  queue_depth_by_status: Record<string, number>;
  queue_depth_by_type: Record<string, number>;
  oldest_queued_task_age_seconds: number | null;
  success_rate: number | null;
  failure_rate: number | null;
  total_workers: number;
  active_workers: number;
  stale_workers: number;
}

/** PrismQ's `QueueMonitoring.get_queue_metrics()` (monitoring.py), its SQL verbatim. */
export function prismqQueueMetrics(db: DatabaseSync): PrismqMetrics {
  const rows = (sql: string, ...params: string[]) => db.prepare(sql).all(...params);
  const byStatus = Object.fromEntries(
    rows('SELECT status, COUNT(*) as count FROM task_queue GROUP BY status').map((r) => [
      String(r.status),
      Number(r.count),
    ]),
  );
  const byType = Object.fromEntries(
    rows(
      "SELECT type, COUNT(*) as count FROM task_queue WHERE status = 'queued' GROUP BY type",
    ).map((r) => [String(r.type), Number(r.count)]),
  );
  const oldest =
    rows(`SELECT CAST((julianday('now') - julianday(created_at_utc)) * 86400 AS INTEGER) as age_seconds
    FROM task_queue WHERE status = 'queued' ORDER BY created_at_utc ASC LIMIT 1`)[0];
  const stats = Object.fromEntries(
    rows(`SELECT status, COUNT(*) as count, AVG(attempts) as avg_attempts FROM task_queue
      WHERE status IN ('completed', 'failed') GROUP BY status`).map((r) => [
      String(r.status),
      Number(r.count),
    ]),
  );
  const completed = stats.completed ?? 0;
  const failed = stats.failed ?? 0;
  const finished = completed + failed;
  return {
    queue_depth_by_status: byStatus,
    queue_depth_by_type: byType,
    oldest_queued_task_age_seconds: oldest === undefined ? null : Number(oldest.age_seconds),
    success_rate: finished > 0 ? completed / finished : null,
    failure_rate: finished > 0 ? failed / finished : null,
    total_workers: Number(rows('SELECT COUNT(*) as count FROM workers')[0]?.count),
    active_workers: rows(
      "SELECT * FROM workers WHERE heartbeat_utc >= datetime('now', ?) ORDER BY heartbeat_utc DESC",
      '-60 seconds',
    ).length,
    stale_workers: rows(
      "SELECT * FROM workers WHERE heartbeat_utc < datetime('now', ?) ORDER BY heartbeat_utc ASC",
      '-300 seconds',
    ).length,
  };
}
