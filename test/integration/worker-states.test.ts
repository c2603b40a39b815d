import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { createPrismqDatabase, insertTask, insertWorker } from '../helpers/sqlite-prismq.js';
import { createTestDatabase } from '../helpers/test-database.js';

/**
 * The one worker-state vocabulary, seen the way a user sees it: `status --json` of an
 * RGrid (PostgreSQL), a PrismQ (SQLite) and an rq (Redis) queue, each with a fresh, a
 * 3-minute-old and a 10-minute-old heartbeat, says active, stale, dead alike.
 */
const EXPECTED = [
  ['w-fresh', 'active'],
  ['w-3min', 'stale'],
  ['w-10min', 'dead'],
] as const;
const AGES = { 'w-fresh': 5, 'w-3min': 180, 'w-10min': 600 } as const;

interface StatusJson {
  queue: { workers: { id: string; state: string; runningJobs: number }[] | null } | null;
}

function statesOf(dir: string, env: Record<string, string>): [string, string][] {
  const r = runCli(dir, ['status', '--json'], env);
  const report = JSON.parse(r.stdout) as StatusJson;
  const workers = report.queue?.workers ?? [];
  return EXPECTED.map(([id]) => [id, workers.find((w) => w.id === id)?.state ?? 'missing']);
}

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jobdeck-states-'));
  // Containers of parallel Docker tests must not change these verdicts.
  writeFileSync(join(dir, 'jobdeck.yaml'), 'docker: { enabled: false }\n');
  return dir;
}

describe('worker states: the same words for PostgreSQL, SQLite and rq', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  describe('rgrid on PostgreSQL', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    beforeAll(async () => {
      db = await createTestDatabase('states');
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      await c.query(`
        CREATE TABLE executions (
          id BIGSERIAL PRIMARY KEY, execution_id VARCHAR(255) UNIQUE, runtime VARCHAR(50), status VARCHAR(50),
          exit_code INT, execution_error TEXT, created_at TIMESTAMP, started_at TIMESTAMP, completed_at TIMESTAMP,
          worker_id VARCHAR(64), worker_hostname VARCHAR(128), execution_metadata JSON,
          retry_count INT NOT NULL DEFAULT 0, max_retries INT NOT NULL DEFAULT 2);
        CREATE TABLE worker_heartbeats (worker_id VARCHAR(64) PRIMARY KEY,
          last_heartbeat_at TIMESTAMP NOT NULL DEFAULT NOW(), ray_available_resources JSON);`);
      const ago = (s: number): string =>
        `(now() AT TIME ZONE 'UTC') - interval '${String(s)} seconds'`;
      for (const [id, age] of Object.entries(AGES)) {
        await c.query(`INSERT INTO worker_heartbeats VALUES ($1, ${ago(age)})`, [id]);
        await c.query(
          `INSERT INTO executions (execution_id, status, created_at, started_at, worker_id)
           VALUES ($1, 'running', ${ago(60)}, ${ago(50)}, $2)`,
          [`job-${id}`, id],
        );
      }
      await c.end();
    });
    afterAll(async () => {
      await db.drop();
    });

    it('status --json: active, stale, dead; dead-worker cleanup plans only the dead one', () => {
      const dir = workDir();
      dirs.push(dir);
      const env = { DATABASE_URL: db.url, JOBDECK_PRESET: 'rgrid' };
      expect(statesOf(dir, env)).toEqual(EXPECTED);
      const dry = runCli(dir, ['cleanup', '--kind', 'dead-workers', '--dry-run'], env);
      // Only the 10-minute worker's execution (the third inserted, id 3): a stale worker may still finish.
      expect(dry.stdout).toContain('mark 1 orphaned (dead worker) job ');
      expect(dry.stdout).toMatch(/^\s*3\b/m);
    });
  });

  describe('PrismQ on SQLite', () => {
    it('status --json: active, stale, dead', () => {
      const dir = workDir();
      dirs.push(dir);
      const file = join(dir, 'queue.db');
      const q = createPrismqDatabase(file);
      for (const [id, age] of Object.entries(AGES)) {
        insertWorker(q, id, age);
        insertTask(q, {
          type: 'render',
          status: 'leased',
          created: 60,
          reserved: 50,
          worker: id,
          leaseIn: 600,
        });
      }
      q.close();
      expect(statesOf(dir, { DATABASE_URL: `sqlite://${file}` })).toEqual(EXPECTED);
    });
  });

  describe('rq on Redis', () => {
    // Redis database 12 is this file's (13: rq tests, 11: the rq demo tests).
    const url = 'redis://127.0.0.1:6379/12';
    let redis: Redis;
    const utc = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '000Z');
    beforeAll(async () => {
      redis = new Redis(url);
      await redis.flushdb();
      const now = Date.now();
      await redis.sadd('rq:queues', 'rq:queue:default');
      for (const [id, age] of Object.entries(AGES)) {
        // Busy workers beat every 30 s: their heartbeat age decides. The keys exist.
        await redis.hset(`rq:worker:${id}`, {
          state: 'busy',
          queues: 'default',
          birth: utc(now - 3_600_000),
          last_heartbeat: utc(now - age * 1000),
          current_job: `job-${id}`,
        });
        await redis.expire(`rq:worker:${id}`, 600);
        await redis.sadd('rq:workers', `rq:worker:${id}`);
        await redis.hset(`rq:job:job-${id}`, {
          status: 'started',
          origin: 'default',
          created_at: utc(now - 60_000),
          enqueued_at: utc(now - 60_000),
          started_at: utc(now - 50_000),
          worker_name: id,
          description: 'app.tasks.work()',
          timeout: '3600',
        });
        await redis.zadd('rq:wip:default', Math.floor(now / 1000) + 60, `job-${id}`);
      }
      // An idle worker refreshes its heartbeat only every ~405 s: its key decides.
      await redis.hset('rq:worker:w-idle', {
        state: 'idle',
        queues: 'default',
        birth: utc(now - 3_600_000),
        last_heartbeat: utc(now - 360_000),
      });
      await redis.expire('rq:worker:w-idle', 120);
      await redis.sadd('rq:workers', 'rq:worker:w-idle');
    });
    afterAll(async () => {
      await redis.flushdb();
      redis.disconnect();
    });

    it('status --json: active, stale, dead for busy workers; an idle one with its key is active', () => {
      const dir = workDir();
      dirs.push(dir);
      const env = { REDIS_URL: url };
      expect(statesOf(dir, env)).toEqual(EXPECTED);
      const report = JSON.parse(runCli(dir, ['status', '--json'], env).stdout) as StatusJson;
      expect(report.queue?.workers?.find((w) => w.id === 'w-idle')?.state).toBe('active');
    });
  });
});
