/**
 * bench/queue.ts — the refresh cost of the PostgreSQL queue source on a 2 M-row
 * QFieldCloud `core_job` with only QFieldCloud's own indexes, side by side with the
 * naive per-number COUNT queries a dashboard would otherwise run. Each round a writer
 * moves jobs through their lifecycle (new pending jobs, dequeue, start, finish, fail,
 * and now and then an admin "rerun" of an old failed job), then jobdeck refreshes and
 * the naive queries recount everything at the same instant; the numbers must agree.
 *
 *   npm run bench:queue -- [--rows 2000000] [--rounds 40] [--rebuild]
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres (the server to use)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresQueueSource } from '../src/sources/queue/postgres/postgres-queue-source.js';
import { qfieldcloudPreset } from '../src/sources/queue/postgres/qfieldcloud-preset.js';
import { percentile } from '../src/sources/queue/core/percentile.js';
import type { QueueSnapshot } from '../src/sources/queue/core/queue-snapshot.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROWS = flag('rows', 2_000_000);
const ROUNDS = flag('rounds', 40);
const REBUILD = args.includes('--rebuild');
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = `jobdeck_bench_queue_${ROWS}`;
const dbUrl = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB}`;
  return u.toString();
})();
const PROJECTS = 200;

const repoRoot = join(import.meta.dirname, '..', '..');
const schemaPath =
  process.env.BENCH_SCHEMA ?? join(repoRoot, 'src', 'demo', 'qfieldcloud-schema.sql');

async function ensureDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB]);
  if (exists.rowCount === 1 && !REBUILD) {
    await admin.end();
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    const n = await c.query<{ n: string }>('SELECT count(*) AS n FROM core_job');
    await c.end();
    console.log(
      `reusing ${DB} (${Number(n.rows[0]?.n ?? 0).toLocaleString()} rows); --rebuild to start over`,
    );
    return;
  }
  if (exists.rowCount === 1) await admin.query(`DROP DATABASE ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const t0 = performance.now();
  await c.query(readFileSync(schemaPath, 'utf8'));
  await c.query(`INSERT INTO core_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined, type)
    SELECT '', false, 'user' || g, '', '', '', false, true, now(), 1 FROM generate_series(1, 20) g`);
  await c.query(`INSERT INTO core_project (id, name, description, is_public, owner_id, created_at, updated_at)
    SELECT md5('p' || g)::uuid, 'project ' || g, '', false, 1 + g % 20, now(), now() FROM generate_series(1, ${PROJECTS}) g`);
  // A year of history: ~90 % finished, ~10 % failed (most without finished_at), all
  // created in the past; the live set (pending/queued/started) is small, as in production.
  await c.query(`INSERT INTO core_job (id, created_at, updated_at, project_id, output, type, status, created_by_id,
      feedback, finished_at, started_at, docker_finished_at, docker_started_at, container_id, triggered_by_id)
    SELECT gen_random_uuid(), ts, ts, md5('p' || (1 + g % ${PROJECTS}))::uuid, 'log line ' || g,
      (ARRAY['package','delta_apply','process_projectfile'])[1 + g % 3],
      CASE WHEN g % 10 = 0 THEN 'failed' ELSE 'finished' END, 1 + g % 20, NULL,
      CASE WHEN g % 10 = 0 AND g % 30 <> 0 THEN NULL ELSE ts + interval '40 s' END,
      ts + interval '3 s',
      CASE WHEN g % 10 = 0 AND g % 20 = 0 THEN NULL ELSE ts + interval '39 s' END,
      ts + interval '4 s', md5(g::text), 1 + g % 20
    FROM (SELECT g, now() - interval '2 hours' - (interval '365 days' * g / ${ROWS}) AS ts
          FROM generate_series(1, ${ROWS}) g) s`);
  // The last two hours, denser, so the 1-hour window has a few hundred jobs.
  await c.query(`INSERT INTO core_job (id, created_at, updated_at, project_id, output, type, status, created_by_id,
      finished_at, started_at, docker_finished_at, docker_started_at, container_id, triggered_by_id)
    SELECT gen_random_uuid(), ts, ts, md5('p' || (1 + g % ${PROJECTS}))::uuid, '',
      (ARRAY['package','delta_apply','process_projectfile'])[1 + g % 3],
      CASE WHEN g % 7 = 0 THEN 'failed' ELSE 'finished' END, 1, 
      CASE WHEN g % 7 = 0 THEN NULL ELSE ts + (g % 50) * interval '1 s' END,
      ts + (g % 9) * interval '1 s', ts + (g % 50) * interval '1 s', ts + interval '4 s', md5(g::text), 1
    FROM (SELECT g, now() - interval '2 hours' + interval '1 s' * (g * 7200 / 600) AS ts FROM generate_series(1, 600) g) s
    WHERE ts < now() - interval '2 minutes'`);
  await c.query('VACUUM ANALYZE core_job');
  console.log(
    `built ${DB}: ${ROWS.toLocaleString()} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  await c.end();
}

/** One round of life: new jobs, dequeues, starts, finishes, failures, sometimes a rerun. */
async function writerStep(c: pg.Client, round: number): Promise<void> {
  await c.query(`INSERT INTO core_job (id, created_at, updated_at, project_id, type, status, created_by_id, container_id, triggered_by_id)
    SELECT gen_random_uuid(), now(), now(), md5('p' || (1 + floor(random() * ${PROJECTS}))::int)::uuid,
      (ARRAY['package','delta_apply','process_projectfile'])[1 + floor(random() * 3)::int], 'pending', 1, '', 1
    FROM generate_series(1, 1 + floor(random() * 6)::int)`);
  await c.query(`UPDATE core_job SET status = 'finished', finished_at = now(), docker_finished_at = now()
    WHERE id IN (SELECT id FROM core_job WHERE status = 'started' AND random() < 0.6)`);
  await c.query(`UPDATE core_job SET status = 'failed', docker_finished_at = now()
    WHERE id IN (SELECT id FROM core_job WHERE status = 'started' AND random() < 0.2)`);
  await c.query(`UPDATE core_job SET status = 'started', started_at = now(), docker_started_at = now()
    WHERE id IN (SELECT id FROM core_job WHERE status = 'queued' AND random() < 0.9)`);
  await c.query(`UPDATE core_job SET status = 'queued' WHERE id IN (
      SELECT DISTINCT ON (project_id) id FROM core_job p WHERE status = 'pending'
        AND NOT EXISTS (SELECT 1 FROM core_job a WHERE a.project_id = p.project_id AND a.status IN ('queued','started'))
      ORDER BY project_id, created_at LIMIT 3)`);
  if (round % 15 === 7) {
    // The admin "rerun" of an old failed job: only status changes (core/admin.py).
    await c.query(`UPDATE core_job SET status = 'pending' WHERE id = (
      SELECT id FROM core_job WHERE status = 'failed' AND created_at < now() - interval '30 days' LIMIT 1)`);
  }
}

interface Recount {
  counts: Record<string, number>;
  byType: Record<string, number>;
  oldestPending: string | null;
  stuck: string[];
  succeeded: number;
  failed: number;
  waitP50: number | null;
  waitP95: number | null;
  runP50: number | null;
  runP95: number | null;
  ms: number;
}

/** The naive dashboard: one COUNT per number, evaluated at the snapshot's instant. */
async function naive(c: pg.Client, atMs: number): Promise<Recount> {
  const t0 = performance.now();
  const now = new Date(atMs).toISOString();
  const counts: Record<string, number> = {};
  for (const status of ['pending', 'queued', 'started', 'finished', 'failed', 'stopped']) {
    const r = await c.query<{ n: string }>('SELECT count(*) AS n FROM core_job WHERE status = $1', [
      status,
    ]);
    const n = Number(r.rows[0]?.n ?? 0);
    if (n > 0) counts[status] = n;
  }
  const byType: Record<string, number> = {};
  const t = await c.query<{ status: string; type: string; n: string }>(
    'SELECT status, type, count(*) AS n FROM core_job GROUP BY status, type',
  );
  for (const row of t.rows) byType[`${row.status}/${row.type}`] = Number(row.n);
  const oldest = await c.query<{ id: string }>(
    `SELECT id::text FROM core_job WHERE status IN ('pending','queued') ORDER BY created_at, id::text LIMIT 1`,
  );
  const stuck = await c.query<{ id: string }>(
    `SELECT id::text FROM core_job WHERE status IN ('queued','started') AND (started_at < $1::timestamptz - interval '610 seconds'
       OR (status = 'queued' AND started_at IS NULL AND created_at < $1::timestamptz - interval '300 seconds')) ORDER BY 1`,
    [now],
  );
  const outcomes = await c.query<{ status: string; n: string }>(
    `SELECT status, count(*) AS n FROM core_job WHERE status IN ('finished','failed')
       AND COALESCE(finished_at, docker_finished_at, started_at, created_at) > $1::timestamptz - interval '1 hour' GROUP BY status`,
    [now],
  );
  const durations = await c.query<{
    w50: number | null;
    w95: number | null;
    r50: number | null;
    r95: number | null;
  }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch from started_at - created_at)::float8) AS w50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch from started_at - created_at)::float8) AS w95,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch from COALESCE(finished_at, docker_finished_at) - started_at)::float8) AS r50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch from COALESCE(finished_at, docker_finished_at) - started_at)::float8) AS r95
       FROM core_job WHERE status IN ('finished','failed')
       AND COALESCE(finished_at, docker_finished_at, started_at, created_at) > $1::timestamptz - interval '1 hour'`,
    [now],
  );
  const d = durations.rows[0];
  return {
    counts,
    byType,
    oldestPending: oldest.rows[0]?.id ?? null,
    stuck: stuck.rows.map((r) => r.id),
    succeeded: Number(outcomes.rows.find((r) => r.status === 'finished')?.n ?? 0),
    failed: Number(outcomes.rows.find((r) => r.status === 'failed')?.n ?? 0),
    waitP50: d?.w50 ?? null,
    waitP95: d?.w95 ?? null,
    runP50: d?.r50 ?? null,
    runP95: d?.r95 ?? null,
    ms: performance.now() - t0,
  };
}

function differences(s: QueueSnapshot, r: Recount): string[] {
  const out: string[] = [];
  const eq = (name: string, a: unknown, b: unknown): void => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push(`${name}: jobdeck ${JSON.stringify(a)} vs recount ${JSON.stringify(b)}`);
  };
  const close = (name: string, a: number | null, b: number | null): void => {
    if (a === null || b === null ? a !== b : Math.abs(a - b) > 1e-6)
      out.push(`${name}: jobdeck ${a} vs recount ${b}`);
  };
  const sortObj = (o: Record<string, number>): Record<string, number> =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  eq('counts', sortObj({ ...s.counts }), sortObj(r.counts));
  eq(
    'byType',
    sortObj(Object.fromEntries(s.byType.map((t) => [`${t.status}/${t.type}`, t.count]))),
    sortObj(r.byType),
  );
  // Ties on created_at are broken by id in both.
  eq('oldestPending', s.oldestWaiting?.id ?? null, r.oldestPending);
  eq('stuck', s.stuck.map((j) => j.id).sort(), [...r.stuck].sort());
  eq('succeeded 1h', s.window.succeeded, r.succeeded);
  eq('failed 1h', s.window.failed, r.failed);
  close('wait p50', s.window.waitP50, r.waitP50);
  close('wait p95', s.window.waitP95, r.waitP95);
  close('run p50', s.window.runP50, r.runP50);
  close('run p95', s.window.runP95, r.runP95);
  return out;
}

const sortedCopy = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
const median = (xs: number[]): number => percentile(sortedCopy(xs), 0.5) ?? NaN;
const p95 = (xs: number[]): number => percentile(sortedCopy(xs), 0.95) ?? NaN;

async function serverTime(c: pg.Client, source: PostgresQueueSource): Promise<number | null> {
  const last = source.lastStatement();
  if (last === null) return null;
  const r = await c.query<{
    'QUERY PLAN': [{ 'Execution Time': number; 'Planning Time': number }];
  }>(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${last.text}`, last.values);
  const plan = r.rows[0]?.['QUERY PLAN'][0];
  return plan === undefined ? null : plan['Execution Time'] + plan['Planning Time'];
}

async function main(): Promise<void> {
  await ensureDatabase();
  const writer = new pg.Client({ connectionString: dbUrl });
  const checker = new pg.Client({ connectionString: dbUrl });
  await writer.connect();
  await checker.connect();
  await checker.query("SET TimeZone = 'UTC'");
  const source = new PostgresQueueSource({
    url: dbUrl,
    urlEnv: 'BENCH_PG_URL',
    preset: qfieldcloudPreset,
    statementTimeoutMs: 30_000,
    jobTimeoutMs: 600_000,
    windowMs: 3_600_000,
    queuedNoStartAfterMs: 300_000,
    recountEveryMs: 3_600_000,
    stuckAfterMs: 600_000,
    staleHeartbeatMs: 120_000,
    deadHeartbeatMs: 300_000,
    readOnly: true,
  });

  let t0 = performance.now();
  const first = await source.read();
  const firstMs = performance.now() - t0;
  const firstRecount = await naive(checker, first.at);
  let agreeing = differences(first, firstRecount).length === 0 ? 1 : 0;
  const wall: number[] = [];
  const server: number[] = [];
  const naiveMs: number[] = [firstRecount.ms];
  let recounts = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    await writerStep(writer, round);
    t0 = performance.now();
    const snap = await source.read();
    const ms = performance.now() - t0;
    const check = await naive(checker, snap.at);
    naiveMs.push(check.ms);
    const diff = differences(snap, check);
    if (diff.length === 0) agreeing++;
    else console.log(`round ${round}: MISMATCH\n  ${diff.join('\n  ')}`);
    if (snap.refresh.mode === 'full') {
      recounts++;
      console.log(
        `round ${round}: full recount (${snap.refresh.reason ?? ''}) ${ms.toFixed(1)} ms`,
      );
    } else {
      wall.push(ms);
      const st = await serverTime(checker, source);
      if (st !== null) server.push(st);
    }
  }
  const last = await source.read();
  console.log('');
  console.log(
    `core_job rows                    ${last.total.toLocaleString()} (live: ${last.waiting} waiting, ${last.inFlight} started)`,
  );
  console.log(`first refresh (full recount)     ${firstMs.toFixed(1)} ms`);
  console.log(
    `incremental refresh, wall        median ${median(wall).toFixed(2)} ms, p95 ${p95(wall).toFixed(2)} ms (${wall.length} refreshes, 1 round trip each)`,
  );
  console.log(
    `incremental refresh, DB time     median ${median(server).toFixed(2)} ms, p95 ${p95(server).toFixed(2)} ms (EXPLAIN ANALYZE planning + execution)`,
  );
  console.log(
    `naive per-number COUNT queries   median ${median(naiveMs).toFixed(1)} ms per refresh (9 queries)`,
  );
  console.log(`ratio naive / jobdeck (wall)     ${(median(naiveMs) / median(wall)).toFixed(0)}x`);
  console.log(`full recounts after the first    ${recounts} (admin reruns detected)`);
  console.log(`numbers agreeing with recount    ${agreeing} of ${ROUNDS + 1} refreshes`);
  await source.close();
  await writer.end();
  await checker.end();
  if (agreeing !== ROUNDS + 1) process.exitCode = 1;
}

await main();
