/**
 * bench/sqlite.ts — the refresh cost of the SQLite queue source on a 1 M-task PrismQ
 * database, side by side with the naive per-metric queries a dashboard would otherwise
 * run (PrismQ's own get_queue_metrics() SQL, verbatim, plus what the panels need
 * beyond it: counts by type and status, the window's rows for rates and percentiles,
 * the in-flight tasks, the workers). Each round a writer on its own connection moves
 * tasks through PrismQ's lifecycle (enqueue, claim, start, complete / fail / retry,
 * heartbeats); then jobdeck refreshes and the naive queries recount at the same
 * instant; the numbers must agree.
 *
 * Two passes: with only the indexes PrismQ's schema.py creates, then with the one
 * extra index recommended for the window read, (status, finished_at_utc).
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench-build/bench/sqlite.js \
 *     [--rows 1000000] [--queued 5000] [--rounds 30] [--rebuild] [--dir /tmp]
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { percentile } from '../src/sources/queue/core/percentile.js';
import { createSqliteQueueSource } from '../src/sources/queue/sqlite/create-sqlite-queue-source.js';
import { prismqSchemaSql } from '../src/sources/queue/sqlite/prismq-schema-sql.js';
import type { QueueSnapshot } from '../src/sources/queue/core/queue-snapshot.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROWS = flag('rows', 1_000_000);
const QUEUED = flag('queued', 5_000);
const ROUNDS = flag('rounds', 30);
const REBUILD = args.includes('--rebuild');
const DIR = (() => {
  const i = args.indexOf('--dir');
  return i >= 0 ? (args[i + 1] ?? tmpdir()) : tmpdir();
})();
const PATH = join(DIR, `jobdeck-bench-sqlite-${ROWS}-${QUEUED}.db`);
const IN_FLIGHT = 40;
const WORKERS = 20;
const TYPES = 8;
const EXTRA_INDEX =
  'CREATE INDEX IF NOT EXISTS ix_task_status_finished ON task_queue (status, finished_at_utc)';

function build(): void {
  if (existsSync(PATH) && !REBUILD) {
    console.log(`reusing ${PATH}; --rebuild to start over`);
    return;
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(PATH + suffix, { force: true });
  const t0 = performance.now();
  const db = new DatabaseSync(PATH);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;');
  // Tables first, indexes after the bulk insert (much faster), exactly PrismQ's DDL.
  const [tables, indexes] = splitSchema(prismqSchemaSql);
  db.exec(tables);
  const history = ROWS - QUEUED - IN_FLIGHT;
  // 30 days of history, newest last (rowid order = time order, as in PrismQ), the last
  // minute left empty; ~90 % completed, 9 % failed, 1 % dead_letter.
  db.exec(`WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < ${history})
    INSERT INTO task_queue (type, payload, status, attempts, run_after_utc, reserved_at_utc,
      processing_started_utc, finished_at_utc, locked_by, error_message, created_at_utc, updated_at_utc)
    SELECT 'type_' || (i % ${TYPES}), '{"format":"mp4","n":' || i || '}',
      CASE WHEN i % 100 < 90 THEN 'completed' WHEN i % 100 < 99 THEN 'failed' ELSE 'dead_letter' END,
      1 + (i % 100 >= 90), c, datetime(c, '+' || (i % 7) || ' seconds'), datetime(c, '+' || (i % 7) || ' seconds'),
      datetime(c, '+' || (10 + i % 60) || ' seconds'), 'worker-' || (i % ${WORKERS}),
      CASE WHEN i % 100 >= 90 THEN 'RuntimeError: boom' END, c, datetime(c, '+' || (10 + i % 60) || ' seconds')
    FROM (SELECT i, datetime('now', '-' || ((${history} - i) * 2592 / 1000 + 70) || ' seconds') AS c FROM g)`);
  db.exec(`WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < ${QUEUED})
    INSERT INTO task_queue (type, payload, status, created_at_utc, run_after_utc, updated_at_utc)
    SELECT 'type_' || (i % ${TYPES}), '{}', 'queued', datetime('now', '-' || (i % 600) || ' seconds'),
      datetime('now', '-' || (i % 600) || ' seconds'), datetime('now', '-' || (i % 600) || ' seconds') FROM g`);
  db.exec(`WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < ${IN_FLIGHT})
    INSERT INTO task_queue (type, payload, status, attempts, created_at_utc, reserved_at_utc, processing_started_utc,
      lease_until_utc, locked_by)
    SELECT 'type_' || (i % ${TYPES}), '{}', 'leased', 1, datetime('now', '-' || (i * 20) || ' seconds'),
      datetime('now', '-' || (i * 10) || ' seconds'), datetime('now', '-' || (i * 10) || ' seconds'),
      datetime('now', '+60 seconds'), 'worker-' || (i % ${WORKERS}) FROM g`);
  // Three workers stopped beating 15 minutes ago: their tasks are orphaned.
  db.exec(`WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < ${WORKERS - 1})
    INSERT INTO workers SELECT 'worker-' || i, '{"cpu": 8}',
      datetime('now', '-' || CASE WHEN i < 3 THEN 900 ELSE i END || ' seconds') FROM g`);
  db.exec(indexes);
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  const mb = statSync(PATH).size / 1e6;
  console.log(
    `built ${PATH}: ${ROWS.toLocaleString()} tasks, ${QUEUED.toLocaleString()} queued, ${mb.toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

function splitSchema(sql: string): [string, string] {
  const statements = sql.split(';').map((s) => s.trim());
  const index = (s: string): boolean => /^CREATE (UNIQUE )?INDEX/i.test(s);
  return [
    statements.filter((s) => s !== '' && !index(s)).join(';\n') + ';',
    statements.filter(index).join(';\n') + ';',
  ];
}

/** A PrismQ-like fleet on its own connection: one round ≈ 2 s of a busy queue. */
class Writer {
  private readonly db = new DatabaseSync(PATH, { timeout: 5000 });
  private n = 0;
  constructor() {
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;');
  }

  /** Workers stalled: tasks only arrive (the backlog incident). */
  stalledRound(): void {
    for (let i = 0; i < 20; i++) {
      this.n += 1;
      this.db
        .prepare("INSERT INTO task_queue (type, payload, priority) VALUES (?, '{}', 100)")
        .run(`type_${this.n % TYPES}`);
    }
  }

  round(): void {
    const tx = (sql: string, ...params: (string | number)[]): void => {
      this.db.exec('BEGIN IMMEDIATE');
      this.db.prepare(sql).run(...params);
      this.db.exec('COMMIT');
    };
    for (let i = 0; i < 20; i++) {
      this.n += 1;
      tx(
        "INSERT INTO task_queue (type, payload, priority) VALUES (?, '{}', ?)",
        `type_${this.n % TYPES}`,
        100 - (this.n % 3),
      );
      const worker = `worker-${3 + (this.n % (WORKERS - 3))}`;
      tx(
        `UPDATE task_queue SET status = 'leased', locked_by = ?, reserved_at_utc = datetime('now'),
           processing_started_utc = datetime('now'), lease_until_utc = datetime('now', '+60 seconds'),
           updated_at_utc = datetime('now')
         WHERE id = (SELECT id FROM task_queue WHERE status = 'queued' AND run_after_utc <= datetime('now')
                     ORDER BY priority, run_after_utc, id LIMIT 1)`,
        worker,
      );
      const roll = this.n % 20;
      const finish =
        roll < 17
          ? `UPDATE task_queue SET status = 'completed', finished_at_utc = datetime('now'), updated_at_utc = datetime('now')`
          : roll < 19
            ? `UPDATE task_queue SET status = 'queued', attempts = attempts + 1, error_message = 'retry', locked_by = NULL,
                 lease_until_utc = NULL, run_after_utc = datetime('now', '+1 seconds'), updated_at_utc = datetime('now')`
            : `UPDATE task_queue SET status = 'failed', attempts = attempts + 1, error_message = 'boom',
                 finished_at_utc = datetime('now'), updated_at_utc = datetime('now')`;
      // The oldest task of a live worker finishes (the dead workers' tasks stay orphaned).
      tx(
        `${finish} WHERE id = (SELECT id FROM task_queue WHERE status = 'leased' AND locked_by = ? ORDER BY id LIMIT 1)`,
        worker,
      );
      tx("UPDATE workers SET heartbeat_utc = datetime('now') WHERE worker_id = ?", worker);
    }
  }

  close(): void {
    this.db.close();
  }
}

/** The naive dashboard: one query per number, PrismQ's own SQL where PrismQ has one. */
const NAIVE: [string, string][] = [
  ['prismq depth by status', 'SELECT status, COUNT(*) as count FROM task_queue GROUP BY status'],
  [
    'prismq queued by type',
    "SELECT type, COUNT(*) as count FROM task_queue WHERE status = 'queued' GROUP BY type",
  ],
  [
    'prismq oldest queued',
    `SELECT CAST((julianday('now') - julianday(created_at_utc)) * 86400 AS INTEGER) as age_seconds
       FROM task_queue WHERE status = 'queued' ORDER BY created_at_utc ASC LIMIT 1`,
  ],
  [
    'prismq task statistics',
    `SELECT status, COUNT(*) as count, AVG(attempts) as avg_attempts FROM task_queue
      WHERE status IN ('completed', 'failed') GROUP BY status`,
  ],
  ['prismq total workers', 'SELECT COUNT(*) as count FROM workers'],
  [
    'prismq active workers',
    "SELECT * FROM workers WHERE heartbeat_utc >= datetime('now', '-60 seconds') ORDER BY heartbeat_utc DESC",
  ],
  [
    'prismq stale workers',
    "SELECT * FROM workers WHERE heartbeat_utc < datetime('now', '-300 seconds') ORDER BY heartbeat_utc ASC",
  ],
  [
    'counts by type, status',
    'SELECT type, status, COUNT(*) AS count FROM task_queue GROUP BY type, status',
  ],
  [
    'window rows (1 h)',
    `SELECT status, created_at_utc, COALESCE(processing_started_utc, reserved_at_utc) AS started, finished_at_utc
       FROM task_queue WHERE status IN ('completed', 'failed', 'dead_letter')
        AND finished_at_utc >= datetime('now', '-3600 seconds')`,
  ],
  [
    'in-flight rows',
    "SELECT id, type, status, locked_by, created_at_utc, processing_started_utc, reserved_at_utc FROM task_queue WHERE status IN ('leased', 'processing')",
  ],
  [
    'workers with age',
    "SELECT worker_id, heartbeat_utc, (julianday('now') - julianday(heartbeat_utc)) * 86400 AS age FROM workers",
  ],
];

interface Timings {
  full: number[];
  incremental: number[];
  /** Incremental refreshes while the workers are stalled (only arrivals). */
  stalled: number[];
  /** The deletion check inside each incremental refresh, timed on its own. */
  countStar: number[];
  unchanged: number[];
  naive: number[];
  perQuery: Map<string, number[]>;
  checked: number;
}

function naive(db: DatabaseSync, t: Timings): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  let total = 0;
  for (const [name, sql] of NAIVE) {
    const t0 = performance.now();
    const rows = db.prepare(sql).all();
    const ms = performance.now() - t0;
    total += ms;
    const list = t.perQuery.get(name) ?? [];
    list.push(ms);
    t.perQuery.set(name, list);
    out.set(name, rows);
  }
  t.naive.push(total);
  return out;
}

function check(snap: QueueSnapshot, answers: Map<string, Record<string, unknown>[]>): void {
  const fail = (what: string, a: unknown, b: unknown): never => {
    throw new Error(
      `mismatch in ${what}: jobdeck ${JSON.stringify(a)}, naive ${JSON.stringify(b)}`,
    );
  };
  const byStatus = Object.fromEntries(
    (answers.get('prismq depth by status') ?? []).map((r) => [String(r.status), Number(r.count)]),
  );
  if (JSON.stringify(sortKeys(snap.counts)) !== JSON.stringify(sortKeys(byStatus)))
    fail('depth by status', snap.counts, byStatus);
  const byType = Object.fromEntries(
    (answers.get('prismq queued by type') ?? []).map((r) => [String(r.type), Number(r.count)]),
  );
  const queuedByType: Record<string, number> = {};
  for (const c of snap.byType.filter((t) => t.status === 'queued')) {
    queuedByType[c.type] = (queuedByType[c.type] ?? 0) + c.count;
  }
  if (JSON.stringify(sortKeys(queuedByType)) !== JSON.stringify(sortKeys(byType)))
    fail('queued by type', queuedByType, byType);
  const oldest = Number(answers.get('prismq oldest queued')?.[0]?.age_seconds);
  const oldestAge = snap.oldestWaiting === null ? NaN : Math.trunc(snap.oldestWaiting.ageSeconds);
  if (Math.abs(oldestAge - oldest) > 1) fail('oldest queued', oldestAge, oldest);
  const win = answers.get('window rows (1 h)') ?? [];
  const succeeded = win.filter((r) => r.status === 'completed').length;
  // The naive query's bound is truncated to the second; allow the boundary second.
  if (
    Math.abs(snap.window.succeeded - succeeded) > 3 ||
    Math.abs(snap.window.failed - (win.length - succeeded)) > 3
  )
    fail('window', snap.window, { succeeded, failed: win.length - succeeded });
  const flights = answers.get('in-flight rows')?.length ?? 0;
  if (snap.inFlight !== flights) fail('in flight', snap.inFlight, flights);
  const active = answers.get('prismq active workers')?.length ?? 0;
  const stale = answers.get('prismq stale workers')?.length ?? 0;
  // PrismQ's active workers (beat within 60 s) are jobdeck's `active`; its stale (300 s), `dead`.
  const inState = (state: string): number =>
    (snap.workers ?? []).filter((w) => w.state === state).length;
  if (inState('active') !== active || inState('dead') !== stale)
    fail('workers', [inState('active'), inState('dead')], [active, stale]);
}

function sortKeys(o: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}

async function pass(label: string): Promise<Timings> {
  const t: Timings = {
    full: [],
    incremental: [],
    stalled: [],
    countStar: [],
    unchanged: [],
    naive: [],
    perQuery: new Map(),
    checked: 0,
  };
  const reader = new DatabaseSync(PATH, { readOnly: true, timeout: 5000 });
  const plan = reader
    .prepare(`EXPLAIN QUERY PLAN ${NAIVE.find(([n]) => n === 'window rows (1 h)')?.[1] ?? ''}`)
    .all()
    .map((r) => String(r.detail))
    .join(' | ');
  console.log(`\n== ${label}\nnaive window plan: ${plan}`);

  // Full recounts: a source that recounts on every read.
  const recounting = createSqliteQueueSource({ path: PATH, readOnly: true, recountEveryMs: 0 });
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await recounting.read();
    t.full.push(performance.now() - t0);
  }
  await recounting.close();

  const source = createSqliteQueueSource({ path: PATH, readOnly: true, recountEveryMs: 3_600_000 });
  const first = await source.read();
  console.log(
    `first refresh: ${first.refresh.mode}, ${first.refresh.elapsedMs.toFixed(1)} ms; advice: ${source.indexAdvice().join(' ') || '(none)'}`,
  );
  const writer = new Writer();
  for (let round = 0; round < ROUNDS; round++) {
    writer.round();
    const t0 = performance.now();
    const snap = await source.read();
    t.incremental.push(performance.now() - t0);
    if (snap.refresh.mode !== 'incremental') {
      throw new Error(
        `round ${round}: unexpected ${snap.refresh.mode} refresh (${snap.refresh.reason ?? ''})`,
      );
    }
    const t1 = performance.now();
    await source.read();
    t.unchanged.push(performance.now() - t1);
    const t2 = performance.now();
    reader.prepare('SELECT count(*) AS n FROM task_queue').get();
    t.countStar.push(performance.now() - t2);
    const answers = naive(reader, t);
    check(snap, answers);
    t.checked += 1;
  }
  for (let round = 0; round < Math.ceil(ROUNDS / 2); round++) {
    writer.stalledRound();
    const t0 = performance.now();
    const snap = await source.read();
    t.stalled.push(performance.now() - t0);
    if (snap.refresh.mode !== 'incremental') throw new Error('unexpected full refresh');
    check(snap, naive(reader, { ...t, naive: [], perQuery: new Map() }));
    t.checked += 1;
  }
  writer.close();
  await source.close();
  reader.close();
  return t;
}

function row(name: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const p50 = percentile(sorted, 0.5) ?? NaN;
  const p95 = percentile(sorted, 0.95) ?? NaN;
  return `  ${name.padEnd(34)} ${p50.toFixed(2).padStart(9)} ${p95.toFixed(2).padStart(9)}`;
}

function report(label: string, t: Timings): void {
  console.log(
    `\n${label}: ms per refresh (p50, p95); ${t.incremental.length} busy + ${t.stalled.length} stalled rounds, every refresh checked against the naive queries`,
  );
  console.log(`  ${'measure'.padEnd(34)} ${'p50'.padStart(9)} ${'p95'.padStart(9)}`);
  console.log(row('jobdeck incremental refresh, busy fleet', t.incremental));
  console.log(row('jobdeck incremental, stalled fleet', t.stalled));
  console.log(row('  of which count(*) (deletion check)', t.countStar));
  console.log(row('jobdeck refresh, nothing committed', t.unchanged));
  console.log(row('jobdeck full recount', t.full));
  console.log(row('naive per-metric queries (sum)', t.naive));
  for (const [name, values] of t.perQuery) console.log(row(`  naive: ${name}`, values));
}

build();
{
  const db = new DatabaseSync(PATH, { timeout: 5000 });
  db.exec('DROP INDEX IF EXISTS ix_task_status_finished');
  db.close();
}
const plain = await pass("PrismQ's own indexes only");
report("PrismQ's own indexes only", plain);
{
  const db = new DatabaseSync(PATH, { timeout: 5000 });
  const t0 = performance.now();
  db.exec(EXTRA_INDEX);
  console.log(`\n${EXTRA_INDEX}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  db.close();
}
const indexed = await pass('with ix_task_status_finished (status, finished_at_utc)');
report('with ix_task_status_finished (status, finished_at_utc)', indexed);
