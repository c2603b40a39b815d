/**
 * PrismQ's schema exactly as its `schema.py` creates it (tables and indexes; the
 * observability views are left out because nothing here reads them). Used by the
 * tests, the benchmark and the demo to build a real PrismQ database.
 */
export const prismqSchemaSql = `
CREATE TABLE IF NOT EXISTS task_queue (
  id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, priority INTEGER NOT NULL DEFAULT 100,
  payload TEXT NOT NULL, compatibility TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'queued', attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL DEFAULT 5,
  run_after_utc DATETIME NOT NULL DEFAULT (datetime('now')), lease_until_utc DATETIME, reserved_at_utc DATETIME,
  processing_started_utc DATETIME, finished_at_utc DATETIME,
  locked_by TEXT, error_message TEXT, idempotency_key TEXT,
  created_at_utc DATETIME NOT NULL DEFAULT (datetime('now')), updated_at_utc DATETIME NOT NULL DEFAULT (datetime('now')),
  region TEXT GENERATED ALWAYS AS (json_extract(compatibility, '$.region')) VIRTUAL,
  format TEXT GENERATED ALWAYS AS (json_extract(payload, '$.format')) VIRTUAL);
CREATE TABLE IF NOT EXISTS workers (
  worker_id TEXT PRIMARY KEY, capabilities TEXT NOT NULL, heartbeat_utc DATETIME NOT NULL DEFAULT (datetime('now')));
CREATE TABLE IF NOT EXISTS task_logs (
  log_id INTEGER PRIMARY KEY AUTOINCREMENT, task_id INTEGER NOT NULL, at_utc DATETIME NOT NULL DEFAULT (datetime('now')),
  level TEXT NOT NULL, message TEXT, details TEXT, FOREIGN KEY (task_id) REFERENCES task_queue(id));
CREATE INDEX IF NOT EXISTS ix_task_status_prio_time ON task_queue (status, priority, run_after_utc, id);
CREATE INDEX IF NOT EXISTS ix_task_type_status ON task_queue (type, status);
CREATE INDEX IF NOT EXISTS ix_task_region ON task_queue (region);
CREATE INDEX IF NOT EXISTS ix_task_format ON task_queue (format);
CREATE UNIQUE INDEX IF NOT EXISTS uq_task_idempotency ON task_queue (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_logs_task ON task_logs (task_id, at_utc);
`;
