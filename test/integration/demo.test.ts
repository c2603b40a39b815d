import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadSchema } from '../../src/demo/load-schema.js';
import { seedHistory } from '../../src/demo/seed-history.js';
import { startDemoFleet } from '../../src/demo/start-demo-fleet.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { createTestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
let client: pg.Client;

/** Undo steps, newest first, for whatever beforeAll managed to set up. */
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  db = await createTestDatabase('demo');
  cleanups.unshift(() => db.drop());
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  cleanups.unshift(() => client.end());
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function one<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T> {
  const row = (await client.query<T>(sql, params)).rows[0];
  if (row === undefined) throw new Error(`no row from: ${sql}`);
  return row;
}

async function waitFor(
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('loadSchema and seedHistory', () => {
  it('creates the QFieldCloud tables once, then leaves them alone', async () => {
    expect(await loadSchema(client)).toEqual({ created: true });
    expect(await loadSchema(client)).toEqual({ created: false });
    const tables = await one<{ job: string | null; user: string | null; project: string | null }>(
      "SELECT to_regclass('core_job')::text AS job, to_regclass('core_user')::text AS user, to_regclass('core_project')::text AS project",
    );
    expect(tables).toEqual({ job: 'core_job', user: 'core_user', project: 'core_project' });
    // The fixture's quirks a dashboard relies on survive: the old PK name, no defaults.
    const pk = await one<{ name: string }>(
      "SELECT conname AS name FROM pg_constraint WHERE conrelid = 'core_job'::regclass AND contype = 'p'",
    );
    expect(pk.name).toBe('core_export_pkey');
    const projects = await one<{ n: number }>('SELECT count(*)::int AS n FROM core_project');
    expect(projects.n).toBeGreaterThanOrEqual(10);
  });

  it('seeds two days of ended jobs shaped like QFieldCloud rows, only once', async () => {
    const now = new Date();
    const inserted = await seedHistory(client, { now, jobs: 1_500 });
    expect(inserted).toBeGreaterThan(1_400);
    expect(await seedHistory(client, { now })).toBe(0);

    const stats = await one<{
      total: number;
      finished: number;
      failed: number;
      failed_without_finished_at: number;
      not_ended: number;
      updated_ne_created: number;
      earliest_h: number;
      future: number;
      bad_order: number;
      overlapping: number;
    }>(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE status = 'finished')::int AS finished,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'failed' AND finished_at IS NULL)::int
                AS failed_without_finished_at,
              count(*) FILTER (WHERE status NOT IN ('finished', 'failed'))::int AS not_ended,
              count(*) FILTER (WHERE updated_at <> created_at)::int AS updated_ne_created,
              (extract(epoch FROM $1::timestamptz - min(created_at)) / 3600)::float8 AS earliest_h,
              count(*) FILTER (WHERE COALESCE(finished_at, docker_finished_at, started_at) > $1)::int
                AS future,
              count(*) FILTER (WHERE NOT (created_at <= started_at
                                          AND started_at <= docker_started_at))::int AS bad_order,
              (SELECT count(*)::int FROM core_job a JOIN core_job b
                  ON a.project_id = b.project_id AND a.id < b.id
                 AND a.started_at < COALESCE(b.finished_at, b.docker_finished_at, b.started_at)
                 AND b.started_at < COALESCE(a.finished_at, a.docker_finished_at, a.started_at))
                AS overlapping
         FROM core_job`,
      [now],
    );
    expect(stats.total).toBe(inserted);
    expect(stats.not_ended).toBe(0);
    expect(stats.finished).toBeGreaterThan(stats.total * 0.8);
    expect(stats.failed).toBeGreaterThan(20);
    // Upstream leaves finished_at NULL on most failures (the cron and wrapper
    // exceptions are the exceptions).
    expect(stats.failed_without_finished_at).toBeGreaterThan(stats.failed * 0.5);
    expect(stats.failed_without_finished_at).toBeLessThan(stats.failed);
    expect(stats.updated_ne_created).toBe(0);
    expect(stats.earliest_h).toBeGreaterThan(40);
    expect(stats.future).toBe(0);
    expect(stats.bad_order).toBe(0);
    expect(stats.overlapping).toBe(0);
  });
});

describe('startDemoFleet', () => {
  it('works the queue like QFieldCloud replicas, with incidents, and stops on abort', async () => {
    // Start from the history alone, so everything newer is the fleet's doing.
    const before = await one<{ n: number; latest: Date }>(
      'SELECT count(*)::int AS n, max(created_at) AS latest FROM core_job',
    );
    const lines: string[] = [];
    const controller = new AbortController();
    const fleet = await startDemoFleet({
      url: db.url,
      workers: 3,
      speed: 40,
      signal: controller.signal,
      log: (line) => lines.push(line),
    });
    expect(fleet.workers.map((w) => w.name)).toEqual([
      'worker_wrapper-1',
      'worker_wrapper-2',
      'worker_wrapper-3',
    ]);

    const seenStates = new Set<string>();
    const doubleActive: string[] = [];
    let maxWorkerSessions = 0;
    const sampling = new AbortController();
    const sampler = (async () => {
      const probe = new pg.Client({ connectionString: db.url });
      await probe.connect();
      try {
        while (!sampling.signal.aborted) {
          for (const worker of fleet.workers) seenStates.add(worker.state());
          const doubles = await probe.query<{ project_id: string; n: number }>(
            `SELECT project_id, count(*)::int AS n FROM core_job
              WHERE status IN ('queued', 'started') GROUP BY project_id HAVING count(*) > 1`,
          );
          for (const row of doubles.rows) doubleActive.push(`${row.project_id}: ${String(row.n)}`);
          const sessions = await probe.query<{ n: number }>(
            `SELECT count(DISTINCT pid)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND application_name LIKE 'jobdeck-demo/worker_wrapper-%'`,
          );
          maxWorkerSessions = Math.max(maxWorkerSessions, sessions.rows[0]?.n ?? 0);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      } finally {
        await probe.end();
      }
    })();

    try {
      const newJobs = `FROM core_job WHERE created_at > $1`;
      await waitFor(
        'finished and failed jobs from the fleet',
        async () => {
          const row = await one<{ finished: number; failed: number }>(
            `SELECT count(*) FILTER (WHERE status = 'finished')::int AS finished,
                    count(*) FILTER (WHERE status = 'failed')::int AS failed ${newJobs}`,
            [before.latest],
          );
          return row.finished >= 20 && row.failed >= 1;
        },
        20_000,
      );
      await waitFor(
        "a worker killed mid-job, and a job left 'queued' that never starts",
        async () => {
          const row = await one<{ queued: number }>(
            `SELECT count(*)::int AS queued ${newJobs}
               AND status = 'queued' AND started_at IS NULL AND created_at < now() - interval '1 second'`,
            [before.latest],
          );
          return row.queued >= 1 && lines.some((line) => line.includes('killed while running job'));
        },
        20_000,
      );
    } finally {
      sampling.abort();
      await sampler;
    }

    // Every job the fleet created went through the real lifecycle.
    const fresh = await one<{
      total: number;
      finished: number;
      bad_finished: number;
      failed_with_finished_at: number;
      updated_ne_created: number;
      bad_container_id: number;
    }>(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE status = 'finished')::int AS finished,
              count(*) FILTER (WHERE status = 'finished' AND NOT (
                  created_at <= started_at AND started_at <= docker_started_at
                  AND docker_started_at <= docker_finished_at AND docker_finished_at <= finished_at
                  AND feedback -> 'steps' -> 0 -> 'returns' ? 'qgis_version'))::int AS bad_finished,
              count(*) FILTER (WHERE status = 'failed' AND finished_at IS NOT NULL
                  AND output IS DISTINCT FROM 'Job unexpectedly terminated.')::int
                AS failed_with_finished_at,
              count(*) FILTER (WHERE updated_at <> created_at)::int AS updated_ne_created,
              count(*) FILTER (WHERE status IN ('finished', 'failed')
                  AND container_id !~ '^[0-9a-f]{64}$')::int AS bad_container_id
         FROM core_job WHERE created_at > $1`,
      [before.latest],
    );
    expect(fresh.finished).toBeGreaterThanOrEqual(20);
    expect(fresh.bad_finished).toBe(0);
    expect(fresh.failed_with_finished_at).toBe(0);
    expect(fresh.updated_ne_created).toBe(0);
    expect(fresh.bad_container_id).toBe(0);

    // The killed worker's job stays 'started', container running as far as the DB knows.
    const killedJobId = /killed while running job ([0-9a-f-]{36})/
      .exec(lines.find((line) => line.includes('killed while running job')) ?? '')
      ?.at(1);
    expect(killedJobId).toBeDefined();
    const killed = await one<{
      status: string;
      started: boolean;
      container: string;
      docker_finished: boolean;
    }>(
      `SELECT status, started_at IS NOT NULL AS started, container_id AS container,
              docker_finished_at IS NOT NULL AS docker_finished
         FROM core_job WHERE id = $1`,
      [killedJobId],
    );
    expect(killed).toMatchObject({ status: 'started', started: true, docker_finished: false });
    expect(killed.container).toMatch(/^[0-9a-f]{64}$/);

    expect(doubleActive).toEqual([]);
    expect(seenStates).toContain('busy');
    expect(seenStates).toContain('dead');
    // Genuinely concurrent: each replica had its own backend.
    expect(maxWorkerSessions).toBe(3);
    expect(lines.some((line) => line.includes('Dequeued job'))).toBe(true);

    // Abort stops everything promptly and closes every session.
    const abortedAt = Date.now();
    controller.abort();
    await fleet.stop();
    expect(Date.now() - abortedAt).toBeLessThan(5_000);
    const sessions = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE 'jobdeck-demo/%'`,
    );
    expect(sessions.n).toBe(0);
    const fingerprint = async (): Promise<string> =>
      (
        await one<{ f: string }>(
          "SELECT md5(string_agg(id::text || status || COALESCE(finished_at::text, ''), ',' ORDER BY id)) AS f FROM core_job",
        )
      ).f;
    const afterStop = await fingerprint();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await fingerprint()).toBe(afterStop);
  });
});
