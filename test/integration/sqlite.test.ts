import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionRefusedError,
  SourceQueryError,
  SourceUnreachableError,
} from '../../src/shared/errors.js';
import type { CleanupPlan } from '../../src/sources/queue/core/queue-source.js';
import { createSqliteQueueSource } from '../../src/sources/queue/sqlite/create-sqlite-queue-source.js';
import type { QueueSnapshot } from '../../src/sources/queue/core/queue-snapshot.js';
import type { SqliteQueueSource } from '../../src/sources/queue/sqlite/sqlite-queue-source.js';
import { startSqliteChild } from '../helpers/sqlite-child.js';
import {
  createPrismqDatabase,
  insertTask,
  insertWorker,
  prismqQueueMetrics,
  sqliteTempDir,
  type TaskSpec,
  type TempDir,
} from '../helpers/sqlite-prismq.js';

let dir: TempDir;
const sources: SqliteQueueSource[] = [];
const open = (
  path: string,
  extra: Partial<Parameters<typeof createSqliteQueueSource>[0]> = {},
): SqliteQueueSource => {
  const source = createSqliteQueueSource({ path, readOnly: false, ...extra });
  sources.push(source);
  return source;
};

beforeAll(() => {
  dir = sqliteTempDir();
});
afterEach(async () => {
  for (const s of sources.splice(0)) await s.close();
});
afterAll(() => {
  dir.remove();
});

/*
 * The fixture, with every number below computed by hand (ages in seconds ago).
 *
 * workers: w-live beat 5 s ago (active), w-idle 30 s (active), w-slow 120 s (stale:
 * neither PrismQ-active nor PrismQ-stale), w-dead 900 s (dead: PrismQ's stale).
 *
 *  #  type    status       created reserved proc  finished worker  notes
 *  1  render  queued        120
 *  2  render  queued        600
 *  3  email   queued         30
 *  4  render  leased        200     100     95              w-live  running 95 s
 *  5  email   leased       1300    1250    NULL             w-dead  stuck (1250 s > 10 min)
 *  6  render  processing    400     390     380             w-dead  running 380 s
 *  7  email   leased        800     700     700             w-slow  stuck, lease expired 640 s ago
 *  8  render  completed    1000     990     990    900      w-live  wait 10, run 90
 *  9  render  completed     500     480     480    420      w-live  wait 20, run 60
 * 10  email   completed     300     270     270    240      w-idle  wait 30, run 30
 * 11  email   failed       2000    1960    1960   1840      w-live  wait 40, run 120
 * 12  render  completed   90000   89990   89990  89900      w-live  outside the window
 * 13  render  failed      80000   79990   79990  79000      w-live  outside the window
 * 14  email   dead_letter  3000    2950    2950   2700      w-live  wait 50, run 250 (a failure)
 * 15  render  queued     100000                                     oldest waiting, > 24 h
 *
 * counts: queued 4, leased 3, processing 1, completed 4, failed 2, dead_letter 1 (15)
 * window (1 h): 8, 9, 10 succeeded; 11, 14 failed → 5 per hour, success 0.6
 *   waits 10 20 30 40 50 → p50 30, p95 48; runs 30 60 90 120 250 → p50 90, p95 224
 * PrismQ all-time rates: completed 4 vs failed 2 → 2/3 and 1/3 (dead_letter not counted)
 */
const FIXTURE: TaskSpec[] = [
  { type: 'render', status: 'queued', created: 120 },
  { type: 'render', status: 'queued', created: 600 },
  { type: 'email', status: 'queued', created: 30 },
  {
    type: 'render',
    status: 'leased',
    created: 200,
    reserved: 100,
    processing: 95,
    worker: 'w-live',
    leaseIn: 60,
    attempts: 1,
  },
  {
    type: 'email',
    status: 'leased',
    created: 1300,
    reserved: 1250,
    worker: 'w-dead',
    leaseIn: -1190,
    attempts: 1,
  },
  {
    type: 'render',
    status: 'processing',
    created: 400,
    reserved: 390,
    processing: 380,
    worker: 'w-dead',
    attempts: 1,
    error: 'previous attempt: timeout',
  },
  {
    type: 'email',
    status: 'leased',
    created: 800,
    reserved: 700,
    processing: 700,
    worker: 'w-slow',
    leaseIn: -640,
    attempts: 3,
  },
  {
    type: 'render',
    status: 'completed',
    created: 1000,
    reserved: 990,
    processing: 990,
    finished: 900,
    worker: 'w-live',
  },
  {
    type: 'render',
    status: 'completed',
    created: 500,
    reserved: 480,
    processing: 480,
    finished: 420,
    worker: 'w-live',
  },
  {
    type: 'email',
    status: 'completed',
    created: 300,
    reserved: 270,
    processing: 270,
    finished: 240,
    worker: 'w-idle',
  },
  {
    type: 'email',
    status: 'failed',
    created: 2000,
    reserved: 1960,
    processing: 1960,
    finished: 1840,
    worker: 'w-live',
    error: 'boom',
  },
  {
    type: 'render',
    status: 'completed',
    created: 90000,
    reserved: 89990,
    processing: 89990,
    finished: 89900,
    worker: 'w-live',
  },
  {
    type: 'render',
    status: 'failed',
    created: 80000,
    reserved: 79990,
    processing: 79990,
    finished: 79000,
    worker: 'w-live',
    error: 'old',
  },
  {
    type: 'email',
    status: 'dead_letter',
    created: 3000,
    reserved: 2950,
    processing: 2950,
    finished: 2700,
    worker: 'w-live',
  },
  { type: 'render', status: 'queued', created: 100000 },
];

function buildFixture(name: string, journal: 'wal' | 'delete' = 'wal'): string {
  const path = dir.file(name);
  const db = createPrismqDatabase(path, journal);
  insertWorker(db, 'w-live', 5, '{"cpu": 8, "gpu": true}');
  insertWorker(db, 'w-idle', 30);
  insertWorker(db, 'w-slow', 120);
  insertWorker(db, 'w-dead', 900);
  for (const task of FIXTURE) insertTask(db, task);
  db.close();
  return path;
}

/** Every row as text, to prove what a cleanup did and did not touch. */
function dump(path: string): Map<number, Record<string, unknown>> {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const rows = db.prepare('SELECT * FROM task_queue ORDER BY id').all();
    return new Map(rows.map((r) => [Number(r.id), { ...r }]));
  } finally {
    db.close();
  }
}

function expectConsistent(snap: QueueSnapshot): void {
  expect(Object.values(snap.counts).reduce((a, b) => a + b, 0)).toBe(snap.total);
  expect(snap.waiting).toBe(snap.counts.queued ?? 0);
  expect(snap.inFlight).toBe((snap.counts.leased ?? 0) + (snap.counts.processing ?? 0));
  expect(snap.running).toHaveLength(snap.inFlight);
}

describe('sqlite source on a PrismQ database (hand-computed fixture)', () => {
  let path: string;
  beforeAll(() => {
    path = buildFixture('fixture.db');
  });

  it('reports counts, types, oldest, in flight, stuck and the window', async () => {
    const snap = await open(path).read();
    expect(snap.preset).toBe('sqlite');
    expect(snap.refresh).toMatchObject({ mode: 'full', reason: 'first refresh' });
    expect(snap.counts).toEqual({
      queued: 4,
      leased: 3,
      processing: 1,
      completed: 4,
      failed: 2,
      dead_letter: 1,
    });
    expect(snap.total).toBe(15);
    expect(snap.waiting).toBe(4);
    expect(snap.inFlight).toBe(4);
    expect(snap.byType).toEqual([
      { type: 'email', status: 'completed', count: 1 },
      { type: 'email', status: 'dead_letter', count: 1 },
      { type: 'email', status: 'failed', count: 1 },
      { type: 'email', status: 'leased', count: 2 },
      { type: 'email', status: 'queued', count: 1 },
      { type: 'render', status: 'completed', count: 3 },
      { type: 'render', status: 'failed', count: 1 },
      { type: 'render', status: 'leased', count: 1 },
      { type: 'render', status: 'processing', count: 1 },
      { type: 'render', status: 'queued', count: 3 },
    ]);
    expect(snap.oldestWaiting).toMatchObject({ id: '15', type: 'render', status: 'queued' });
    expect(snap.oldestWaiting?.ageSeconds).toBeGreaterThanOrEqual(100_000);
    expect(snap.oldestWaiting?.ageSeconds).toBeLessThan(100_003);

    expect(snap.running.map((j) => [j.id, j.status, j.worker])).toEqual([
      ['5', 'leased', 'w-dead'],
      ['7', 'leased', 'w-slow'],
      ['6', 'processing', 'w-dead'],
      ['4', 'leased', 'w-live'],
    ]);
    const job4 = snap.running.find((j) => j.id === '4');
    expect(job4?.ageSeconds).toBeGreaterThanOrEqual(95);
    expect(job4?.ageSeconds).toBeLessThan(98);
    expect(snap.unattributedRunning).toBe(0);

    expect(snap.stuck.map((j) => j.id)).toEqual(['5', '7']);
    expect(snap.stuck[0]?.reason).toMatch(
      /^leased for 20m5\ds, longer than 10m; lease expired .* ago; attempt 1$/,
    );
    expect(snap.stuck[1]?.reason).toMatch(/lease expired 10m4\ds ago; attempt 3$/);
    expect(snap.blockers).toEqual([]);

    expect(snap.window).toEqual({
      windowSeconds: 3600,
      succeeded: 3,
      failed: 2,
      throughputPerMin: 5 / 60,
      successRate: 0.6,
      failureRate: 0.4,
      waitP50: 30,
      waitP95: 48,
      runP50: 90,
      // 120 + 0.8 × (250 − 120), in floating point.
      runP95: expect.closeTo(224, 9) as number,
    });
  });

  it('reports workers with heartbeat age and state, and their running tasks', async () => {
    const snap = await open(path).read();
    const workers = snap.workers ?? [];
    expect(workers.map((w) => [w.id, w.state, w.runningJobs])).toEqual([
      ['w-dead', 'dead', 2],
      ['w-idle', 'active', 0],
      ['w-live', 'active', 1],
      ['w-slow', 'stale', 1],
    ]);
    const dead = workers.find((w) => w.id === 'w-dead');
    expect(dead?.ageSeconds).toBeGreaterThanOrEqual(900);
    expect(dead?.ageSeconds).toBeLessThan(903);
    expect(dead?.lastHeartbeatAt).toBeCloseTo(snap.at - (dead?.ageSeconds ?? 0) * 1000, 3);
  });

  it("reports what PrismQ's own get_queue_metrics() reports, number for number", async () => {
    const snap = await open(path).read();
    const db = new DatabaseSync(path, { readOnly: true });
    const prismq = prismqQueueMetrics(db);
    db.close();
    // PrismQ's queue_depth_by_type counts waiting tasks only.
    const queuedByType: Record<string, number> = {};
    for (const c of snap.byType.filter((t) => t.status === 'queued')) {
      queuedByType[c.type] = (queuedByType[c.type] ?? 0) + c.count;
    }
    expect(snap.counts).toEqual(prismq.queue_depth_by_status);
    expect(queuedByType).toEqual(prismq.queue_depth_by_type);
    expect(queuedByType).toEqual({ render: 3, email: 1 });
    expect(
      Math.abs(
        Math.trunc(snap.oldestWaiting?.ageSeconds ?? 0) -
          (prismq.oldest_queued_task_age_seconds ?? 0),
      ),
    ).toBeLessThanOrEqual(1);
    // PrismQ's all-time rates (completed vs failed; dead letters not counted) from our counts.
    const completed = snap.counts.completed ?? 0;
    const failed = snap.counts.failed ?? 0;
    expect(completed / (completed + failed)).toBe(prismq.success_rate);
    expect(failed / (completed + failed)).toBe(prismq.failure_rate);
    // PrismQ's active workers (beat within 60 s) are our `active`, its stale (300 s) our `dead`.
    const workers = snap.workers ?? [];
    const inState = (state: string): number => workers.filter((w) => w.state === state).length;
    expect([workers.length, inState('active'), inState('dead')]).toEqual([4, 2, 1]);
    expect([workers.length, inState('active'), inState('dead')]).toEqual([
      prismq.total_workers,
      prismq.active_workers,
      prismq.stale_workers,
    ]);
  });

  it('opens the file read-only: the source cannot write through its read handle', async () => {
    const before = readFileSync(path);
    const source = open(path, { readOnly: true });
    await source.read();
    await source.read();
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe('sqlite source follows changes incrementally', () => {
  it('applies claims, completions and new tasks without recounting, and recounts when it must', async () => {
    const path = buildFixture('follow.db');
    const source = open(path);
    const first = await source.read();
    expect(first.refresh.mode).toBe('full');

    // Nothing committed: no table is read, only the clock moves.
    const idle = await source.read();
    expect(idle.refresh).toMatchObject({ mode: 'incremental', reason: null, roundTrips: 1 });
    expect(idle.counts).toEqual(first.counts);

    const db = new DatabaseSync(path, { timeout: 5000 });
    db.exec(`UPDATE task_queue SET status = 'leased', locked_by = 'w-idle', reserved_at_utc = datetime('now') WHERE id = 3;
      UPDATE task_queue SET status = 'completed', finished_at_utc = datetime('now') WHERE id = 4;
      UPDATE task_queue SET status = 'queued', locked_by = NULL, attempts = attempts + 1 WHERE id = 7;`);
    insertTask(db, { type: 'thumb', status: 'queued', created: 1 });
    insertTask(db, {
      type: 'thumb',
      status: 'completed',
      created: 3,
      reserved: 3,
      processing: 3,
      finished: 1,
    });
    const next = await source.read();
    expect(next.refresh).toMatchObject({ mode: 'incremental', reason: null });
    expect(next.counts).toEqual({
      queued: 5,
      leased: 2,
      processing: 1,
      completed: 6,
      failed: 2,
      dead_letter: 1,
    });
    expect(next.window).toMatchObject({ succeeded: 5, failed: 2 });
    expect(next.running.map((j) => [j.id, j.worker])).toEqual([
      ['5', 'w-dead'],
      ['6', 'w-dead'],
      ['3', 'w-idle'],
    ]);
    expect(next.stuck.map((j) => j.id)).toEqual(['5']);
    // The normal path: in-flight ids, new rows, re-read rows, waiting fingerprints,
    // count(*), plus data_version and workers.
    expect(next.refresh.roundTrips).toBe(7);

    // A waiting task cancelled, another deleted: not seen in flight, so the waiting
    // fingerprint differs and the waiting rowids are listed; still no recount.
    db.exec(`UPDATE task_queue SET status = 'failed', finished_at_utc = datetime('now') WHERE id = 1;
      DELETE FROM task_queue WHERE id = 2;`);
    const cancelled = await source.read();
    expect(cancelled.refresh).toMatchObject({ mode: 'incremental', reason: null, roundTrips: 9 });
    expect(cancelled.counts).toEqual({
      queued: 3,
      leased: 2,
      processing: 1,
      completed: 6,
      failed: 3,
      dead_letter: 1,
    });
    expect(cancelled.window).toMatchObject({ succeeded: 5, failed: 3 });
    expect(cancelled.oldestWaiting?.id).toBe('15');

    // A finished task requeued by hand cannot be followed: recount.
    db.exec("UPDATE task_queue SET status = 'queued', finished_at_utc = NULL WHERE id = 11");
    const requeued = await source.read();
    expect(requeued.refresh.mode).toBe('full');
    expect(requeued.refresh.reason).toMatch(/came back to queued/);
    expect(requeued.counts).toMatchObject({ queued: 4, failed: 2 });

    // Deleting history changes the total: recount.
    db.exec('DELETE FROM task_queue WHERE id IN (12, 13)');
    const pruned = await source.read();
    expect(pruned.refresh).toMatchObject({ mode: 'full', reason: '2 row(s) deleted' });
    expect(pruned.counts).toEqual({
      queued: 4,
      leased: 2,
      processing: 1,
      completed: 5,
      failed: 1,
      dead_letter: 1,
    });
    expect(pruned.total).toBe(14);
    db.close();
  });
});

describe('sqlite source with a writer process active (WAL)', () => {
  it.each([
    ["PrismQ's own indexes", false],
    ['the recommended (status, finished_at_utc) index', true],
  ])(
    'reads consistent snapshots while another process writes, and ends exact (%s)',
    async (_, indexed) => {
      const path = dir.file(`busy-${String(indexed)}.db`);
      const setup = createPrismqDatabase(path);
      if (indexed)
        setup.exec('CREATE INDEX ix_task_status_finished ON task_queue (status, finished_at_utc)');
      setup.close();
      const writer = startSqliteChild('writer.mjs', [path]);
      const source = open(path);
      let listed = 0;
      try {
        await writer.waitFor('ready');
        let reads = 0;
        let full = 0;
        let changed = 0;
        const until = Date.now() + 1500;
        let previousTotal = -1;
        while (Date.now() < until) {
          const snap = await source.read();
          reads += 1;
          if (snap.refresh.mode === 'full') full += 1;
          // data_version, in-flight ids, new rows, re-read rows, [recently finished],
          // waiting fingerprints, count(*), workers: more means the waiting set was listed.
          else if (snap.refresh.roundTrips > (indexed ? 8 : 7)) listed += 1;
          if (snap.total !== previousTotal) changed += 1;
          previousTotal = snap.total;
          expectConsistent(snap);
          await new Promise((r) => setTimeout(r, 10));
        }
        expect(reads).toBeGreaterThan(20);
        expect(changed).toBeGreaterThan(10);
        // Only the first refresh counts the whole table: the writer's changes are all followable.
        expect(full).toBe(1);
        // With the index, tasks claimed and finished between two reads are found among the
        // recently finished rows: the waiting set is never listed.
        if (indexed) expect(listed).toBe(0);
        else expect(listed).toBeGreaterThan(0);
      } finally {
        const stopped = await writer.stop();
        expect(stopped).toBe(0);
      }
      const snap = await source.read();
      const db = new DatabaseSync(path, { readOnly: true });
      const prismq = prismqQueueMetrics(db);
      const window = db
        .prepare(
          "SELECT status, count(*) AS n FROM task_queue WHERE finished_at_utc >= datetime('now', '-3600 seconds') GROUP BY status",
        )
        .all();
      db.close();
      expect(snap.counts).toEqual(prismq.queue_depth_by_status);
      expect(
        snap.byType.filter((t) => t.status === 'queued').reduce((n, t) => n + t.count, 0),
      ).toBe(Object.values(prismq.queue_depth_by_type).reduce((n, v) => n + v, 0));
      const finished = Object.fromEntries(window.map((r) => [String(r.status), Number(r.n)]));
      expect(snap.window.succeeded).toBe(finished.completed ?? 0);
      expect(snap.window.failed).toBe(finished.failed ?? 0);
      expect(snap.total).toBeGreaterThan(100);
    },
  );
});

describe('sqlite source when another process holds an exclusive lock', () => {
  it('WAL: the reader does not wait and sees only committed rows; cleanup waits, then fails cleanly', async () => {
    const path = buildFixture('locked-wal.db');
    const source = open(path, { busyTimeoutMs: 300, cleanupBusyTimeoutMs: 300 });
    await source.read();
    const plan = await source.planCleanup('dead-workers');
    expect(plan.items).toHaveLength(2);
    const before = dump(path);
    const holder = startSqliteChild('lock-holder.mjs', [path]);
    try {
      await holder.waitFor('locked');
      const t0 = performance.now();
      const snap = await source.read();
      // In WAL mode BEGIN EXCLUSIVE only excludes other writers: readers go on.
      expect(performance.now() - t0).toBeLessThan(250);
      expect(snap.total).toBe(15);
      expect(snap.byType.some((c) => c.type === 'uncommitted')).toBe(false);

      const t1 = performance.now();
      const error: unknown = await source.runCleanup(plan).catch((e: unknown) => e);
      expect(performance.now() - t1).toBeGreaterThanOrEqual(250);
      expect(error).toBeInstanceOf(SourceQueryError);
      expect((error as Error).message).toMatch(
        /^SQLite database .*locked-wal\.db is busy: another process held the write lock for over 300ms; nothing was changed, try the cleanup again$/,
      );
    } finally {
      await holder.stop();
    }
    expect(dump(path)).toEqual(before);
    const result = await source.runCleanup(plan);
    expect([...result.marked].sort()).toEqual(['5', '6']);
  });

  it('rollback journal: the reader waits busy_timeout, then reports the lock in one line', async () => {
    const path = buildFixture('locked-delete.db', 'delete');
    const source = open(path, { busyTimeoutMs: 300 });
    expect((await source.read()).total).toBe(15);
    const holder = startSqliteChild('lock-holder.mjs', [path]);
    try {
      await holder.waitFor('locked');
      // In rollback-journal mode even PRAGMA data_version needs the shared lock.
      const t0 = performance.now();
      const error: unknown = await source.read().catch((e: unknown) => e);
      const waited = performance.now() - t0;
      expect(error).toBeInstanceOf(SourceQueryError);
      expect((error as Error).message).toMatch(
        /^SQLite database .*locked-delete\.db is locked: another process held an exclusive lock for over 300ms; jobdeck retries, and in WAL mode \(PRAGMA journal_mode=WAL\) readers never wait$/,
      );
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(3000);
    } finally {
      await holder.stop();
    }
    const after = await source.read();
    expect(after.total).toBe(15);
    expect(after.refresh.reason).toBe('after an error');
  });
});

describe('sqlite source errors a user can meet', () => {
  const fakePlan: CleanupPlan = {
    kind: 'stuck',
    summary: '',
    statement: '',
    items: [{ id: '1', status: 'leased', ageSeconds: 1, reason: 'test' }],
  };

  it('a missing file: one line, and the file is never created', async () => {
    const path = dir.file('nope/missing.db');
    const source = open(path);
    const error: unknown = await source.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnreachableError);
    expect((error as Error).message).toBe(
      `SQLite database ${path} does not exist; check DATABASE_URL or queue.sqlite.path (jobdeck never creates it)`,
    );
    const flat = dir.file('missing.db');
    const other = open(flat, { pathHint: 'DATABASE_URL' });
    await expect(other.read()).rejects.toThrow(/does not exist; check DATABASE_URL \(jobdeck/);
    await expect(other.runCleanup(fakePlan)).rejects.toThrow(SourceUnreachableError);
    expect(existsSync(flat)).toBe(false);
    expect(existsSync(`${flat}-wal`)).toBe(false);
  });

  it('a file that is not SQLite', async () => {
    const path = dir.file('notes.db');
    writeFileSync(path, 'this is a text file that someone named .db\n'.repeat(20));
    const error: unknown = await open(path)
      .read()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnreachableError);
    expect((error as Error).message).toBe(
      `${path} is not an SQLite database (or it is encrypted); point the queue path or DATABASE_URL at the queue's database file`,
    );
  });

  it('an empty file, a directory', async () => {
    const empty = dir.file('empty.db');
    writeFileSync(empty, '');
    await expect(open(empty).read()).rejects.toThrow(/is empty \(0 bytes\), not a queue database/);
    await expect(open(dir.path).read()).rejects.toThrow(
      /is a directory, not an SQLite database file/,
    );
  });

  it('a missing table names the tables there are; a missing column names the config key', async () => {
    const other = dir.file('other.db');
    const db = new DatabaseSync(other);
    db.exec('CREATE TABLE jobs (id INTEGER PRIMARY KEY); CREATE TABLE audit (x)');
    db.close();
    const error: unknown = await open(other)
      .read()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceQueryError);
    expect((error as Error).message).toBe(
      `table task_queue not found in ${other} (it has: audit, jobs); check DATABASE_URL or queue.sqlite.path, or set queue.sqlite.table if the queue's table has another name`,
    );

    const partial = dir.file('partial.db');
    const p = createPrismqDatabase(partial);
    p.exec('ALTER TABLE task_queue DROP COLUMN locked_by');
    p.close();
    await expect(open(partial).read()).rejects.toThrow(
      /^table task_queue in .*partial\.db has no column locked_by \(queue\.sqlite\.columns\.worker\); map it to the right column, or null where optional$/,
    );
    const noWorkers = dir.file('no-workers.db');
    const n = createPrismqDatabase(noWorkers);
    n.exec('DROP TABLE workers');
    n.close();
    await expect(open(noWorkers).read()).rejects.toThrow(/table workers not found/);
    // Mapped to null, the same database works without heartbeats.
    const snap = await open(noWorkers, { workers: null }).read();
    expect(snap.workers).toBeNull();
  });

  it('a file replaced under a running source is reopened and recounted', async () => {
    const path = buildFixture('replaced.db');
    const source = open(path);
    expect((await source.read()).total).toBe(15);
    const next = dir.file('replacement.db');
    const db = createPrismqDatabase(next);
    insertTask(db, { type: 'x', status: 'queued', created: 1 });
    db.close();
    const { renameSync } = await import('node:fs');
    renameSync(next, path);
    const snap = await source.read();
    expect(snap.refresh.reason).toBe('the database file was replaced');
    expect(snap.total).toBe(1);
  });
});

describe('sqlite cleanup', () => {
  it('dead-workers marks exactly the dead worker’s in-flight tasks failed, appends the reason, deletes nothing', async () => {
    const path = buildFixture('cleanup.db');
    const source = open(path);
    expect(source.cleanupKinds()).toEqual(['stuck', 'stale-waiting', 'dead-workers']);
    const plan = await source.planCleanup('dead-workers');
    expect(plan.items.map((i) => [i.id, i.status])).toEqual([
      ['5', 'leased'],
      ['6', 'processing'],
    ]);
    expect(plan.items[0]?.reason).toMatch(/^worker w-dead sent no heartbeat for 15m(\ds)?$/);
    expect(plan.summary).toBe(
      `mark 2 orphaned (dead worker) tasks failed in sqlite://${path} (task_queue); nothing is deleted`,
    );
    expect(plan.statement).toContain(
      '"locked_by" IN (SELECT "worker_id" FROM "workers" WHERE "heartbeat_utc" < datetime(\'now\', :older))',
    );

    const before = dump(path);
    const result = await source.runCleanup(plan);
    expect(result).toEqual({ kind: 'dead-workers', marked: ['5', '6'], skipped: [] });
    const after = dump(path);
    expect(after.size).toBe(before.size);
    for (const [id, row] of after) {
      if (id !== 5 && id !== 6) expect(row).toEqual(before.get(id));
    }
    const reason = 'jobdeck cleanup: worker sent no heartbeat for over 5m; marked failed';
    const db = new DatabaseSync(path, { readOnly: true });
    const marked = db
      .prepare(
        `SELECT id, status, locked_by, error_message,
           finished_at_utc >= datetime('now', '-5 seconds') AS finished_now,
           updated_at_utc >= datetime('now', '-5 seconds') AS updated_now,
           finished_at_utc GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]' AS prismq_format
         FROM task_queue WHERE id IN (5, 6) ORDER BY id`,
      )
      .all();
    db.close();
    expect(marked.map((r) => ({ ...r }))).toEqual([
      {
        id: 5,
        status: 'failed',
        locked_by: 'w-dead',
        error_message: reason,
        finished_now: 1,
        updated_now: 1,
        prismq_format: 1,
      },
      {
        id: 6,
        status: 'failed',
        locked_by: 'w-dead',
        error_message: `previous attempt: timeout\n${reason}`,
        finished_now: 1,
        updated_now: 1,
        prismq_format: 1,
      },
    ]);

    // The source follows its own write without a recount.
    const snap = await source.read();
    expect(snap.refresh.mode).toBe('incremental');
    expect(snap.counts).toEqual({ queued: 4, leased: 2, completed: 4, failed: 4, dead_letter: 1 });
    expect(snap.workers?.find((w) => w.id === 'w-dead')?.runningJobs).toBe(0);
  });

  it('re-checks the condition inside the write: a worker that came back is skipped', async () => {
    const path = buildFixture('recheck.db');
    const source = open(path);
    const plan = await source.planCleanup('dead-workers');
    const db = new DatabaseSync(path, { timeout: 5000 });
    db.exec("UPDATE workers SET heartbeat_utc = datetime('now') WHERE worker_id = 'w-dead'");
    db.close();
    const result = await source.runCleanup(plan);
    expect(result).toEqual({ kind: 'dead-workers', marked: [], skipped: ['5', '6'] });
  });

  it('stuck and stale-waiting', async () => {
    const path = buildFixture('stuck.db');
    const source = open(path);
    const stuck = await source.planCleanup('stuck');
    expect(stuck.items.map((i) => i.id)).toEqual(['5', '7']);
    expect(await source.runCleanup(stuck)).toEqual({
      kind: 'stuck',
      marked: ['5', '7'],
      skipped: [],
    });
    const waiting = await source.planCleanup('stale-waiting');
    expect(waiting.items.map((i) => [i.id, i.status])).toEqual([['15', 'queued']]);
    expect(waiting.items[0]?.reason).toMatch(/^waiting for 1d3h, longer than 1d$/);
    expect(await source.runCleanup(waiting)).toEqual({
      kind: 'stale-waiting',
      marked: ['15'],
      skipped: [],
    });
    const snap = await source.read();
    expect(snap.counts).toMatchObject({ queued: 3, leased: 1, processing: 1, failed: 5 });
  });

  it('read-only refuses to run, and changes nothing', async () => {
    const path = buildFixture('readonly.db');
    const source = open(path, { readOnly: true });
    const plan = await source.planCleanup('dead-workers');
    expect(plan.items).toHaveLength(2);
    const before = readFileSync(path);
    const error: unknown = await source.runCleanup(plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionRefusedError);
    expect((error as Error).message).toBe(
      'read-only mode: cleanup is disabled (start without --read-only, or pass --write)',
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe('sqlite source with a custom mapping', () => {
  it('reads a home-grown table with its own names and statuses, without heartbeats', async () => {
    const path = dir.file('custom.db');
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA journal_mode = WAL;
      CREATE TABLE jobs (job_id TEXT PRIMARY KEY, state TEXT NOT NULL, kind TEXT, enqueued TEXT NOT NULL,
        began TEXT, done TEXT, last_error TEXT);
      CREATE INDEX jobs_state ON jobs (state);
      CREATE INDEX jobs_state_done ON jobs (state, done);
      INSERT INTO jobs VALUES
        ('a', 'new', 'mail', datetime('now', '-300 seconds'), NULL, NULL, NULL),
        ('b', 'running', 'mail', datetime('now', '-1500 seconds'), datetime('now', '-1200 seconds'), NULL, NULL),
        ('c', 'ok', 'pdf', datetime('now', '-600 seconds'), datetime('now', '-590 seconds'), datetime('now', '-500 seconds'), NULL),
        ('d', 'error', 'pdf', datetime('now', '-600 seconds'), datetime('now', '-590 seconds'), datetime('now', '-400 seconds'), 'boom');`);
    db.close();
    const source = open(path, {
      preset: 'custom',
      table: 'jobs',
      columns: {
        id: 'job_id',
        status: 'state',
        type: 'kind',
        createdAt: 'enqueued',
        startedAt: ['began'],
        finishedAt: 'done',
        updatedAt: null,
        worker: null,
        error: 'last_error',
        attempts: null,
        leaseUntil: null,
      },
      statuses: {
        waiting: ['new'],
        active: ['running'],
        success: ['ok'],
        failure: ['error'],
        deadLetter: [],
        failedValue: 'error',
      },
      workers: null,
    });
    expect(source.cleanupKinds()).toEqual(['stuck', 'stale-waiting']);
    expect(source.indexAdvice()).toEqual([]);
    const snap = await source.read();
    expect(snap.counts).toEqual({ new: 1, running: 1, ok: 1, error: 1 });
    expect(snap.waiting).toBe(1);
    expect(snap.inFlight).toBe(1);
    expect(snap.workers).toBeNull();
    expect(snap.window).toMatchObject({ succeeded: 1, failed: 1, runP50: 140 });
    expect(snap.stuck.map((j) => j.id)).toEqual(['b']);
    await expect(source.planCleanup('dead-workers')).rejects.toThrow(ActionRefusedError);
    const plan = await source.planCleanup('stuck');
    expect(await source.runCleanup(plan)).toEqual({ kind: 'stuck', marked: ['b'], skipped: [] });
    const after = await source.read();
    expect(after.counts).toEqual({ new: 1, ok: 1, error: 2 });
  });

  it('advises the window index when the table lacks it', async () => {
    const path = buildFixture('advice.db');
    const source = open(path);
    expect(source.indexAdvice()).toEqual([]);
    await source.read();
    expect(source.indexAdvice()).toEqual([
      'CREATE INDEX IF NOT EXISTS "ix_task_queue_status_finished_at_utc" ON "task_queue" ("status", "finished_at_utc");',
    ]);
  });
});
