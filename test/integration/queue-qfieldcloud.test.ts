import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceUnreachableError } from '../../src/shared/errors.js';
import {
  PostgresQueueSource,
  type PostgresQueueOptions,
} from '../../src/sources/queue/postgres/postgres-queue-source.js';
import { qfieldcloudPreset } from '../../src/sources/queue/postgres/qfieldcloud-preset.js';
import type { QueueSnapshot } from '../../src/sources/queue/core/queue-snapshot.js';
import {
  insertJobs,
  jobId,
  loadQfieldcloud,
  P1,
  P2,
  P3,
  P4,
  type FixtureJob,
} from '../helpers/qfieldcloud-fixture.js';
import { createTestDatabase } from '../helpers/test-database.js';

const J = jobId;
const HOUR = 3600;
const jobs: FixtureJob[] = [
  { id: J(1), project: P1, status: 'pending', created: 60 },
  { id: J(2), project: P1, status: 'pending', created: 120 },
  { id: J(3), project: P1, status: 'pending', created: 180, type: 'delta_apply' },
  { id: J(4), project: P1, status: 'started', created: 300, started: 290 },
  {
    id: J(5),
    project: P2,
    status: 'started',
    created: 1500,
    started: 1200,
    output: 'container log',
  },
  { id: J(6), project: P3, status: 'queued', created: 720 },
  { id: J(7), project: P3, status: 'pending', created: 600 },
  { id: J(8), project: P4, status: 'queued', created: 60 },
  ...[9, 10, 11, 12].map((n) => ({
    id: J(n),
    project: P2,
    status: 'finished',
    created: 1800,
    started: 1790,
    finished: 1700,
    dockerFinished: 1701,
  })),
  // Failed by a non-zero exit: finished_at stays NULL, docker_finished_at is the end.
  { id: J(13), project: P2, status: 'failed', created: 1200, started: 1190, dockerFinished: 600 },
  { id: J(14), project: P2, status: 'failed', created: 1200, started: 1190, dockerFinished: 600 },
  // Killed (exit 137): no end at all, so the window uses started_at.
  { id: J(15), project: P2, status: 'failed', created: 3000, started: 2000 },
  {
    id: J(16),
    project: P2,
    status: 'failed',
    created: 4 * HOUR,
    started: 4 * HOUR - 10,
    dockerFinished: 3 * HOUR,
  },
  {
    id: J(17),
    project: P2,
    status: 'finished',
    created: 48 * HOUR,
    started: 48 * HOUR - 5,
    finished: 48 * HOUR - 60,
  },
  // The wrapper's exception branch sets finished_at on a failure.
  { id: J(18), project: P4, status: 'failed', created: 400, started: 390, finished: 100 },
];

const options = (url: string, extra: Partial<PostgresQueueOptions> = {}): PostgresQueueOptions => ({
  url,
  urlEnv: 'DATABASE_URL',
  preset: qfieldcloudPreset,
  statementTimeoutMs: 5000,
  jobTimeoutMs: 600_000,
  windowMs: 3_600_000,
  queuedNoStartAfterMs: 300_000,
  recountEveryMs: 3_600_000,
  stuckAfterMs: 600_000,
  staleHeartbeatMs: 120_000,
  deadHeartbeatMs: 300_000,
  readOnly: false,
  ...extra,
});

/** The hand-written recount a reviewer would type into psql. */
async function sqlCounts(c: pg.Client): Promise<Record<string, number>> {
  const r = await c.query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM core_job GROUP BY status',
  );
  return Object.fromEntries(r.rows.map((row) => [row.status, Number(row.n)]));
}

describe('PostgreSQL queue source, qfieldcloud preset (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let source: PostgresQueueSource;
  let writer: pg.Client;
  let first: QueueSnapshot;

  beforeAll(async () => {
    db = await createTestDatabase('qfc');
    await loadQfieldcloud(db.url, jobs);
    writer = new pg.Client({ connectionString: db.url });
    await writer.connect();
    source = new PostgresQueueSource(options(db.url));
    first = await source.read();
  });
  afterAll(async () => {
    await source.close();
    await writer.end();
    await db.drop();
  });

  it('counts every status exactly, by status and by type', async () => {
    expect(first.refresh.mode).toBe('full');
    expect(first.counts).toEqual({ pending: 4, queued: 2, started: 2, finished: 5, failed: 5 });
    expect(first.counts).toEqual(await sqlCounts(writer));
    expect(first.total).toBe(18);
    expect(first.waiting).toBe(6);
    expect(first.inFlight).toBe(2);
    expect(first.byType).toContainEqual({ type: 'delta_apply', status: 'pending', count: 1 });
    expect(first.byType).toContainEqual({ type: 'package', status: 'pending', count: 3 });
  });

  it('finds the oldest waiting job and the stuck ones by QFieldCloud rules', () => {
    expect(first.oldestWaiting?.id).toBe(J(6));
    expect(first.oldestWaiting?.ageSeconds).toBeGreaterThan(719);
    expect(first.oldestWaiting?.groupLabel).toBe('alice/trees');
    expect(first.stuck.map((j) => j.id).sort()).toEqual([J(5), J(6)]);
    expect(first.stuck.find((j) => j.id === J(6))?.reason).toMatch(/never started/);
  });

  it('reports queued-with-no-start blockers and pending jobs behind an active job', () => {
    const kinds = first.blockers.map((b) => `${b.kind}:${b.jobId ?? ''}:${b.waiting}`).sort();
    expect(kinds).toEqual(
      [
        `blocked-behind-active:${J(4)}:3`,
        `blocked-behind-active:${J(6)}:1`,
        `queued-no-start:${J(6)}:1`,
      ].sort(),
    );
  });

  it('windows use COALESCE(finished_at, docker_finished_at, started_at, created_at)', () => {
    expect(first.window.succeeded).toBe(4);
    expect(first.window.failed).toBe(4);
    expect(first.window.failureRate).toBe(0.5);
    expect(first.window.throughputPerMin).toBeCloseTo(8 / 60, 10);
    expect(first.window.waitP50).toBeCloseTo(10, 6);
    expect(first.window.waitP95).toBeCloseTo(653.5, 6);
    expect(first.window.runP50).toBeCloseTo(90, 6);
    expect(first.window.runP95).toBeCloseTo(590, 6);
  });

  it('matches percentile_cont over the same rows', async () => {
    const r = await writer.query<{ w95: number; r50: number }>(
      `SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch from started_at - created_at)::float8) AS w95,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch from COALESCE(finished_at, docker_finished_at) - started_at)::float8) AS r50
         FROM core_job WHERE status IN ('finished','failed')
          AND COALESCE(finished_at, docker_finished_at, started_at, created_at) > now() - interval '1 hour'`,
    );
    expect(first.window.waitP95).toBeCloseTo(r.rows[0]?.w95 ?? NaN, 6);
    expect(first.window.runP50).toBeCloseTo(r.rows[0]?.r50 ?? NaN, 6);
  });

  it('follows changes incrementally with one round trip, exactly', async () => {
    await insertJobs(writer, [{ id: J(19), project: P4, status: 'pending', created: 0 }]);
    await writer.query(`UPDATE core_job SET status = 'queued' WHERE id = $1`, [J(1)]);
    await writer.query(
      `UPDATE core_job SET status = 'finished', finished_at = now(), docker_finished_at = now() WHERE id = $1`,
      [J(4)],
    );
    const snap = await source.read();
    expect(snap.refresh).toMatchObject({ mode: 'incremental', roundTrips: 1 });
    expect(snap.counts).toEqual(await sqlCounts(writer));
    expect(snap.counts).toEqual({ pending: 4, queued: 3, started: 1, finished: 6, failed: 5 });
    expect(snap.window.succeeded).toBe(5);
  });

  it('recounts when an old terminal job is rerun (its previous status is unknown)', async () => {
    await writer.query(`UPDATE core_job SET status = 'pending' WHERE id = $1`, [J(16)]);
    const snap = await source.read();
    expect(snap.refresh.mode).toBe('full');
    expect(snap.refresh.reason).toMatch(/rerun/);
    expect(snap.counts).toEqual(await sqlCounts(writer));
  });

  it('notices deleted rows (project deletion cascades) and recounts', async () => {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    await other.query('DELETE FROM core_job WHERE id = $1', [J(17)]);
    await other.end();
    const expected = await sqlCounts(writer);
    const deadline = Date.now() + 15_000;
    let snap = await source.read();
    // PostgreSQL publishes the delete counter when the deleting session reports its stats.
    const same = (a: Readonly<Record<string, number>>): boolean =>
      Object.keys(expected).length === Object.keys(a).length &&
      Object.entries(expected).every(([k, v]) => a[k] === v);
    while (!same(snap.counts) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      snap = await source.read();
    }
    expect(snap.counts).toEqual(expected);
    expect(snap.refresh).toMatchObject({ mode: 'full', reason: 'rows were deleted' });
  });

  it('cleanup marks exactly the stuck jobs failed, keeps their output, and skips jobs that moved on', async () => {
    const plan = await source.planCleanup('stuck');
    expect(plan.items.map((i) => i.id).sort()).toEqual([J(5), J(6)]);
    expect(plan.summary).toMatch(/mark 2 stuck jobs failed/);
    expect(plan.statement).toMatch(/^UPDATE "core_job" SET/);
    // Job 6 starts after the preview: it must not be touched.
    await writer.query(`UPDATE core_job SET status = 'started', started_at = now() WHERE id = $1`, [
      J(6),
    ]);
    const result = await source.runCleanup(plan);
    expect(result.marked).toEqual([J(5)]);
    expect(result.skipped).toEqual([J(6)]);
    const rows = await writer.query<{
      id: string;
      status: string;
      output: string;
      finished: boolean;
    }>(
      'SELECT id::text, status, output, finished_at IS NOT NULL AS finished FROM core_job WHERE id = ANY($1::uuid[]) ORDER BY id',
      [[J(5), J(6)]],
    );
    expect(rows.rows[0]).toMatchObject({ status: 'failed', finished: true });
    expect(rows.rows[0]?.output).toMatch(/^container log\n.*stuck/);
    expect(rows.rows[1]?.status).toBe('started');
    const total = await writer.query<{ n: string }>('SELECT count(*) AS n FROM core_job');
    expect(Number(total.rows[0]?.n)).toBe(18); // nothing deleted (19 inserted, 1 deleted above)
    const snap = await source.read();
    expect(snap.counts).toEqual(await sqlCounts(writer));
  });

  it('fails orphaned jobs (worker proven dead by Docker) by id, and only while still in flight', async () => {
    await insertJobs(writer, [
      { id: J(30), project: P4, status: 'started', created: 300, started: 290, output: 'qgis log' },
    ]);
    const plan = await source.planOrphans([J(30), J(2)]);
    // J(2) is pending, not in flight: not planned.
    expect(plan.items.map((i) => i.id)).toEqual([J(30)]);
    expect(plan.summary).toMatch(/mark 1 orphaned job \(worker container gone\) failed/);
    const result = await source.runCleanup(plan);
    expect(result.marked).toEqual([J(30)]);
    const row = await writer.query<{ status: string; output: string }>(
      'SELECT status, output FROM core_job WHERE id = $1',
      [J(30)],
    );
    expect(row.rows[0]).toEqual({ status: 'failed', output: 'qgis log\nWorker died unexpectedly' });
  });

  it('refuses cleanup in read-only mode, and its sessions cannot write', async () => {
    const ro = new PostgresQueueSource(options(db.url, { readOnly: true }));
    try {
      const plan = await ro.planCleanup('stuck');
      await expect(
        ro.runCleanup({
          ...plan,
          items: [{ id: J(2), status: 'pending', ageSeconds: 1, reason: 'x' }],
        }),
      ).rejects.toThrow(/read-only/);
    } finally {
      await ro.close();
    }
    const check = new pg.Client({
      connectionString: db.url,
      options: '-c default_transaction_read_only=on',
    });
    await check.connect();
    await expect(
      check.query(`UPDATE core_job SET status = 'failed' WHERE id = $1`, [J(2)]),
    ).rejects.toThrow(/read-only/);
    await check.end();
  });

  it('detects project_project (v26.21+) for project labels', async () => {
    await writer.query('ALTER TABLE core_project RENAME TO project_project');
    const fresh = new PostgresQueueSource(options(db.url));
    try {
      const snap = await fresh.read();
      expect(snap.oldestWaiting?.groupLabel).not.toBeNull();
    } finally {
      await fresh.close();
      await writer.query('ALTER TABLE project_project RENAME TO core_project');
    }
  });
});

describe('PostgreSQL queue source errors', () => {
  it('an unreachable database gives one line with host:port and no password', async () => {
    const source = new PostgresQueueSource(
      options('postgres://qfc:hunter2secret@127.0.0.1:1/qfieldcloud_db'),
    );
    try {
      const error: unknown = await source.read().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceUnreachableError);
      const message = (error as Error).message;
      expect(message).toMatch(/127\.0\.0\.1:1/);
      expect(message).not.toMatch(/hunter2secret/);
      expect(message.split('\n')).toHaveLength(1);
    } finally {
      await source.close();
    }
  });

  it('a database without core_job says which table is missing and what to check', async () => {
    const db = await createTestDatabase('empty');
    const source = new PostgresQueueSource(options(db.url));
    try {
      await expect(source.read()).rejects.toThrow(/table core_job not found .*DATABASE_URL/);
    } finally {
      await source.close();
      await db.drop();
    }
  });
});
