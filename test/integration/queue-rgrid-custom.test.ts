import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createQueueSource } from '../../src/app/create-queue-source.js';
import { PostgresQueueSource } from '../../src/sources/queue/postgres/postgres-queue-source.js';
import { rgridPreset } from '../../src/sources/queue/postgres/rgrid-preset.js';
import { createTestDatabase } from '../helpers/test-database.js';

// RGrid's tables as ../shared/reference/queues.md §3 gives them (the columns we read).
const RGRID_SCHEMA = `
CREATE TABLE executions (
  id BIGSERIAL PRIMARY KEY, execution_id VARCHAR(255) UNIQUE, runtime VARCHAR(50), status VARCHAR(50),
  exit_code INT, execution_error TEXT, created_at TIMESTAMP, started_at TIMESTAMP, completed_at TIMESTAMP,
  worker_id VARCHAR(64), worker_hostname VARCHAR(128), execution_metadata JSON,
  retry_count INT NOT NULL DEFAULT 0, max_retries INT NOT NULL DEFAULT 2);
CREATE INDEX ix_executions_status ON executions (status);
CREATE TABLE worker_heartbeats (worker_id VARCHAR(64) PRIMARY KEY, last_heartbeat_at TIMESTAMP NOT NULL DEFAULT NOW(),
  ray_available_resources JSON);`;

// Naive UTC, as datetime.utcnow() writes them.
const ago = (s: number): string => `(now() AT TIME ZONE 'UTC') - interval '${s} seconds'`;

describe('rgrid preset (real PostgreSQL, naive-UTC timestamps)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let c: pg.Client;
  let source: PostgresQueueSource;

  beforeAll(async () => {
    db = await createTestDatabase('rgrid');
    c = new pg.Client({ connectionString: db.url });
    await c.connect();
    // A server clock zone far from UTC: naive-UTC columns would be 5 h off without our session TimeZone.
    await c.query(`ALTER DATABASE "${db.name}" SET timezone TO 'America/New_York'`);
    await c.query(RGRID_SCHEMA);
    await c.query(
      `INSERT INTO worker_heartbeats VALUES ('worker-live', ${ago(10)}), ('worker-dead', ${ago(600)})`,
    );
    const rows: [string, string, number, number | null, number | null, string | null][] = [
      ['e1', 'queued', 30, null, null, null],
      ['e2', 'queued', 90, null, null, null],
      ['e3', 'running', 70, 60, null, 'worker-live'],
      ['e4', 'running', 310, 300, null, 'worker-dead'],
      // A runner worker never fills worker_id: unattributed, and stuck after 10 min.
      ['e5', 'running', 710, 700, null, null],
      ['e6', 'completed', 210, 200, 100, 'worker-live'],
      ['e7', 'failed', 100, 90, 50, 'worker-live'],
      ['e8', 'completed', 172800, 172790, 172700, 'worker-live'],
    ];
    for (const [id, status, created, started, completed, worker] of rows) {
      await c.query(
        `INSERT INTO executions (execution_id, runtime, status, created_at, started_at, completed_at, worker_id)
         VALUES ($1, 'python3.11', $2, ${ago(created)}, ${started === null ? 'NULL' : ago(started)}, ${completed === null ? 'NULL' : ago(completed)}, $3)`,
        [id, status, worker],
      );
    }
    source = new PostgresQueueSource({
      url: db.url,
      urlEnv: 'DATABASE_URL',
      preset: rgridPreset,
      statementTimeoutMs: 5000,
      jobTimeoutMs: 600_000,
      windowMs: 3_600_000,
      queuedNoStartAfterMs: 300_000,
      recountEveryMs: 3_600_000,
      stuckAfterMs: 600_000,
      staleHeartbeatMs: 120_000,
      deadHeartbeatMs: 300_000,
      readOnly: false,
    });
  });
  afterAll(async () => {
    await source.close();
    await c.end();
    await db.drop();
  });

  it('counts, windows and ages are right whatever the server time zone', async () => {
    const snap = await source.read();
    expect(snap.counts).toEqual({ queued: 2, running: 3, completed: 2, failed: 1 });
    expect(snap.waiting).toBe(2);
    expect(snap.inFlight).toBe(3);
    expect(snap.oldestWaiting?.ageSeconds).toBeGreaterThanOrEqual(89);
    expect(snap.oldestWaiting?.ageSeconds).toBeLessThan(120);
    expect(snap.window).toMatchObject({ succeeded: 1, failed: 1 });
    expect(snap.stuck.map((j) => j.worker)).toEqual([null]);
  });

  it('shows heartbeats: a 10-minute-old one is dead (beyond 5 min), with running jobs per worker, and unattributed runs', async () => {
    const snap = await source.read();
    expect(snap.workers?.map((w) => [w.id, w.state, w.runningJobs])).toEqual([
      ['worker-dead', 'dead', 1],
      ['worker-live', 'active', 1],
    ]);
    expect(snap.unattributedRunning).toBe(1);
  });

  it('follows new executions incrementally (serial ids: created_at has no index)', async () => {
    await c.query(
      `INSERT INTO executions (execution_id, runtime, status, created_at) VALUES ('e9', 'node', 'queued', ${ago(0)})`,
    );
    const snap = await source.read();
    expect(snap.refresh.mode).toBe('incremental');
    expect(snap.counts.queued).toBe(3);
  });

  it("dead-worker cleanup marks only the stale worker's running executions, like RGrid's cleaner", async () => {
    const plan = await source.planCleanup('dead-workers');
    expect(plan.items).toHaveLength(1);
    const result = await source.runCleanup(plan);
    expect(result.marked).toHaveLength(1);
    const r = await c.query<{
      execution_id: string;
      status: string;
      execution_error: string | null;
      done: boolean;
    }>(
      `SELECT execution_id, status, execution_error, completed_at IS NOT NULL AS done FROM executions WHERE execution_id IN ('e3','e4','e5') ORDER BY 1`,
    );
    expect(r.rows).toEqual([
      { execution_id: 'e3', status: 'running', execution_error: null, done: false },
      {
        execution_id: 'e4',
        status: 'failed',
        execution_error: 'Worker died unexpectedly',
        done: true,
      },
      { execution_id: 'e5', status: 'running', execution_error: null, done: false },
    ]);
    const snap = await source.read();
    expect(snap.counts).toEqual({ queued: 3, running: 2, completed: 2, failed: 2 });
  });
});

describe('custom preset from a config file (real PostgreSQL)', () => {
  it('maps table, columns and statuses, and rejects hostile identifiers', async () => {
    const db = await createTestDatabase('custom');
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query(`CREATE TABLE app_jobs (job_id text PRIMARY KEY, state text NOT NULL, kind text, enqueued_at timestamptz NOT NULL,
        began_at timestamptz, done_at timestamptz, last_error text);
        CREATE INDEX ON app_jobs (state); CREATE INDEX ON app_jobs (enqueued_at);
        INSERT INTO app_jobs VALUES
          ('a', 'waiting', 'email', now() - interval '5 min', NULL, NULL, NULL),
          ('b', 'working', 'email', now() - interval '20 min', now() - interval '15 min', NULL, NULL),
          ('c', 'ok', 'pdf', now() - interval '10 min', now() - interval '9 min', now() - interval '8 min', NULL),
          ('d', 'error', 'pdf', now() - interval '10 min', now() - interval '9 min', now() - interval '7 min', 'boom');`);
      const dir = mkdtempSync(join(tmpdir(), 'jobdeck-custom-'));
      const file = join(dir, 'jobdeck.yaml');
      writeFileSync(
        file,
        `queue:
  preset: custom
  urlEnv: APP_DB
  custom:
    table: app_jobs
    columns: { id: job_id, status: state, type: kind, createdAt: enqueued_at, startedAt: began_at, finishedAt: [done_at], error: last_error }
    statuses: { waiting: [waiting], active: [working], success: [ok], failure: [error] }
`,
      );
      const config = loadConfig({ config: file }, { APP_DB: db.url }, dir);
      const source = createQueueSource(config);
      if (source === null) throw new Error('no source');
      try {
        const snap = await source.read();
        expect(snap.counts).toEqual({ waiting: 1, working: 1, ok: 1, error: 1 });
        expect(snap.stuck.map((j) => j.id)).toEqual(['b']);
        expect(snap.window).toMatchObject({ succeeded: 1, failed: 1 });
        expect(snap.window.runP50).toBeCloseTo(90, 6);
        const plan = await source.planCleanup('stuck');
        const result = await source.runCleanup(plan);
        expect(result.marked).toEqual(['b']);
        const r = await c.query<{ state: string; last_error: string }>(
          `SELECT state, last_error FROM app_jobs WHERE job_id = 'b'`,
        );
        expect(r.rows[0]?.state).toBe('error');
        expect(r.rows[0]?.last_error).toMatch(/stuck/);
      } finally {
        await source.close();
      }

      writeFileSync(
        file,
        `queue:\n  preset: custom\n  custom:\n    table: "app_jobs; DROP TABLE app_jobs"\n    columns: { id: job_id, status: state, createdAt: enqueued_at }\n    statuses: { waiting: [w], active: [a], success: [s], failure: [f] }\n`,
      );
      expect(() => loadConfig({ config: file }, { DATABASE_URL: db.url }, dir)).toThrow(
        /queue\.custom\.table: got "app_jobs; DROP TABLE app_jobs", expected a table name/,
      );
      writeFileSync(
        file,
        `queue:\n  preset: custom\n  custom:\n    table: app_jobs\n    columns: { id: 'job_id"--', status: state, createdAt: enqueued_at }\n    statuses: { waiting: [w], active: [a], success: [s], failure: [f] }\n`,
      );
      expect(() => loadConfig({ config: file }, { DATABASE_URL: db.url }, dir)).toThrow(
        /queue\.custom\.columns\.id: .*SQL identifier/,
      );
      const still = await c.query('SELECT count(*) AS n FROM app_jobs');
      expect(still.rows[0]).toEqual({ n: '4' });
    } finally {
      await c.end();
      await db.drop();
    }
  });
});
