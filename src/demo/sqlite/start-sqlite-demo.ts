import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { prismqSchemaSql } from '../../sources/queue/sqlite/prismq-schema-sql.js';

export interface SqliteDemo {
  /** `sqlite:///abs/path/queue.db`. */
  readonly url: string;
  stop(): Promise<void>;
}

const TYPES = ['render', 'encode', 'thumbnail', 'report'] as const;

/**
 * `jobdeck demo --queue sqlite`: a PrismQ queue file with a simulated fleet: a producer,
 * workers that register, heartbeat, lease (in `BEGIN IMMEDIATE`, as PrismQ does), finish
 * or fail tasks; one worker goes silent mid-task now and then (its task stays leased and
 * its heartbeat ages until it comes back). Everything stops on the signal.
 */
export function startSqliteDemo(options: {
  dataDir: string;
  signal: AbortSignal;
  workers?: number;
}): SqliteDemo {
  mkdirSync(options.dataDir, { recursive: true });
  const path = join(options.dataDir, 'queue.db');
  const db = new DatabaseSync(path, { timeout: 5000 });
  db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;');
  db.exec(prismqSchemaSql);
  const workers = Array.from({ length: options.workers ?? 3 }, (_, i) => ({
    id: `demo-worker-${String(i + 1)}`,
    silentUntil: 0,
  }));
  const register = db.prepare(
    `INSERT INTO workers (worker_id, capabilities, heartbeat_utc) VALUES (?, '{"cpu": 2}', datetime('now'))
     ON CONFLICT(worker_id) DO UPDATE SET heartbeat_utc = datetime('now')`,
  );
  const produce = db.prepare(
    `INSERT INTO task_queue (type, payload, priority) VALUES (?, '{"demo": true}', ?)`,
  );
  const lease = db.prepare(
    `UPDATE task_queue SET status = 'leased', locked_by = ?, reserved_at_utc = datetime('now'), processing_started_utc = datetime('now'),
       lease_until_utc = datetime('now', '+60 seconds'), attempts = attempts + 1, updated_at_utc = datetime('now')
     WHERE id = (SELECT id FROM task_queue WHERE status = 'queued' AND run_after_utc <= datetime('now') ORDER BY priority, id LIMIT 1)
     RETURNING id`,
  );
  const finish = db.prepare(
    `UPDATE task_queue SET status = ?, finished_at_utc = datetime('now'), updated_at_utc = datetime('now'), error_message = ? WHERE id = ?`,
  );
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void): void => {
    if (options.signal.aborted) return;
    const t = setTimeout(() => {
      timers.delete(t);
      if (!options.signal.aborted) fn();
    }, ms);
    timers.add(t);
  };
  const tick = (worker: { id: string; silentUntil: number }): void => {
    const now = Date.now();
    if (now >= worker.silentUntil) {
      register.run(worker.id);
      db.exec('BEGIN IMMEDIATE');
      const row = lease.get(worker.id);
      db.exec('COMMIT');
      if (row !== undefined) {
        const id = Number(row.id);
        // One task in forty: the worker dies holding it and stays silent for 2–5 minutes.
        if (Math.random() < 0.025) {
          worker.silentUntil = now + 120_000 + Math.random() * 180_000;
        } else {
          later(500 + Math.random() * 3000, () => {
            const failed = Math.random() < 0.08;
            finish.run(
              failed ? 'failed' : 'completed',
              failed ? 'demo: simulated failure' : null,
              id,
            );
          });
        }
      }
    }
    later(1000 + Math.random() * 1000, () => {
      tick(worker);
    });
  };
  const producer = (): void => {
    const burst = Math.random() < 0.1 ? 8 : Math.random() < 0.6 ? 1 : 0;
    for (let i = 0; i < burst; i++)
      produce.run(TYPES[Math.floor(Math.random() * TYPES.length)] ?? 'render', 100);
    later(1500, producer);
  };
  for (const w of workers) tick(w);
  producer();
  return {
    url: `sqlite://${path}`,
    stop: () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      db.close();
      return Promise.resolve();
    },
  };
}
