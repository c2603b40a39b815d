import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { buildSqliteQueueSql } from '../../src/sources/queue/sqlite/sqlite-queue-sql.js';
import { prismqMapping } from '../../src/config/prismq-mapping.js';
import { SqliteTally, type Fingerprint } from '../../src/sources/queue/sqlite/sqlite-tally.js';
import type { TaskRow } from '../../src/sources/queue/sqlite/task-row.js';

const NOW = 1_700_000_000_000;
const row = (rowid: number, status: string, extra: Partial<TaskRow> = {}): TaskRow => ({
  rowid,
  id: String(rowid),
  status,
  type: 'render',
  worker: null,
  createdMs: NOW - 60_000,
  startedMs: null,
  endMs: null,
  attempts: 0,
  leaseUntilMs: null,
  ...extra,
});
const counts = (t: SqliteTally): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const c of t.countsByStatusAndType()) out[c.status] = (out[c.status] ?? 0) + c.count;
  return out;
};
/** What SQL's waitingPrints computes for a set of (rowid, status): run it on a real table. */
const prints = (rows: [number, string][]): Map<string, Fingerprint> => {
  const db = new DatabaseSync(':memory:');
  db.exec('CREATE TABLE task_queue (id INTEGER PRIMARY KEY, status TEXT)');
  const insert = db.prepare('INSERT INTO task_queue (rowid, status) VALUES (?, ?)');
  for (const [rowid, status] of rows) insert.run(rowid, status);
  const sql = buildSqliteQueueSql(prismqMapping, null).waitingPrints;
  const out = new Map<string, Fingerprint>();
  for (const r of db.prepare(sql).all({ waiting: JSON.stringify(['queued']) })) {
    out.set(String(r.status_), { n: Number(r.n), sum: Number(r.s) });
  }
  db.close();
  return out;
};

/** 1000 completed, 10 failed, 1001 and 1003 queued, 1002 leased; highest rowid 1003. */
function seeded(): SqliteTally {
  const t = new SqliteTally(prismqMapping.statuses);
  t.reset(
    [
      { status: 'completed', type: 'render', count: 1000 },
      { status: 'failed', type: 'render', count: 10 },
      // Live counts come from the live rows, not from here.
      { status: 'queued', type: 'render', count: 99 },
    ],
    [
      row(1001, 'queued', { createdMs: NOW - 50_000 }),
      row(1002, 'leased', { worker: 'w1', startedMs: NOW - 5000 }),
      row(1003, 'queued', { createdMs: NOW - 90_000 }),
    ],
    [],
    1003,
  );
  return t;
}

describe('SqliteTally', () => {
  it('starts from a full recount, taking live counts from the live rows', () => {
    const t = seeded();
    expect(counts(t)).toEqual({ completed: 1000, failed: 10, queued: 2, leased: 1 });
    expect(t.maxRowid).toBe(1003);
    expect(t.oldestWaiting()?.rowid).toBe(1003);
    expect(
      t.waitingChanged(
        prints([
          [1001, 'queued'],
          [1003, 'queued'],
        ]),
      ),
    ).toBe(false);
    expect(t.totalMismatch(1013)).toBeNull();
  });

  it('re-reads every row in flight before or now; new rows come from the new-rows read', () => {
    const t = seeded();
    expect(t.inFlightToReread(new Map([[1002, 'leased']]))).toEqual({ ids: [1002] });
    expect(
      t.inFlightToReread(
        new Map([
          [1001, 'leased'],
          [1004, 'leased'],
        ]),
      ),
    ).toEqual({
      ids: [1002, 1001],
    });
  });

  it('asks for a recount when an old row comes back to life', () => {
    const t = seeded();
    expect(t.inFlightToReread(new Map([[17, 'processing']]))).toEqual({
      recount: 'task row 17 came back to processing (a requeue?)',
    });
    expect(
      t.waitingToReread(
        new Map([
          [1001, 'queued'],
          [1003, 'queued'],
          [18, 'queued'],
        ]),
      ),
    ).toEqual({
      recount: 'task row 18 came back to queued (a requeue?)',
    });
  });

  it('follows a claim, a completion and new rows; the fingerprints follow too', () => {
    const t = seeded();
    const flight = t.inFlightToReread(new Map([[1001, 'leased']]));
    if ('recount' in flight) throw new Error(flight.recount);
    t.applyChanges(
      [
        row(1001, 'leased', { worker: 'w2', startedMs: NOW - 100 }),
        row(1002, 'completed', { createdMs: NOW - 7000, startedMs: NOW - 5000, endMs: NOW - 1000 }),
      ],
      flight.ids,
      [
        row(1004, 'queued'),
        row(1005, 'failed', { createdMs: NOW - 1000, startedMs: NOW - 900, endMs: NOW - 500 }),
      ],
    );
    expect(counts(t)).toEqual({ completed: 1001, failed: 11, leased: 1, queued: 2 });
    expect(t.maxRowid).toBe(1005);
    expect(
      t.waitingChanged(
        prints([
          [1003, 'queued'],
          [1004, 'queued'],
        ]),
      ),
    ).toBe(false);
    expect(t.totalMismatch(1015)).toBeNull();
    expect(t.windowEntries(NOW - 60_000)).toEqual([
      { success: true, endMs: NOW - 1000, waitS: 2, runS: 4 },
      { success: false, endMs: NOW - 500, waitS: 0.1, runS: 0.4 },
    ]);
    expect(t.inFlightRows().map((r) => [r.rowid, r.worker])).toEqual([[1001, 'w2']]);
  });

  it('a waiting task cancelled unseen: the fingerprint differs, the listing finds it', () => {
    const t = seeded();
    t.applyChanges([row(1002, 'leased')], [1002], []);
    const now: [number, string][] = [[1003, 'queued']];
    expect(t.waitingChanged(prints(now))).toBe(true);
    expect(t.waitingToReread(new Map(now))).toEqual({ ids: [1001] });
    t.applyChanges([row(1001, 'failed', { endMs: NOW })], [1001], []);
    expect(counts(t)).toEqual({ completed: 1000, failed: 11, leased: 1, queued: 1 });
    expect(t.waitingChanged(prints(now))).toBe(false);
    expect(t.oldestWaiting()?.rowid).toBe(1003);
  });

  it('same count, other rows: the sum tells', () => {
    const t = seeded();
    expect(
      t.waitingChanged(
        prints([
          [1001, 'queued'],
          [1004, 'queued'],
        ]),
      ),
    ).toBe(true);
  });

  it('a task claimed and finished between two refreshes is caught from the recently finished rows', () => {
    const t = seeded();
    t.applyChanges([row(1002, 'leased')], [1002], []);
    t.applyFinished([row(1001, 'completed', { endMs: NOW }), row(5, 'completed', { endMs: NOW })]);
    expect(counts(t)).toEqual({ completed: 1001, failed: 10, queued: 1, leased: 1 });
    expect(t.waitingChanged(prints([[1003, 'queued']]))).toBe(false);
    expect(t.totalMismatch(1013)).toBeNull();
  });

  it('agrees with SQLite to the unit for large rowids', () => {
    const big: [number, string][] = [
      [4_000_000_123, 'queued'],
      [9_007_199_254, 'queued'],
      [67_108_859, 'queued'],
    ];
    const t = new SqliteTally(prismqMapping.statuses);
    t.reset(
      [],
      big.map(([rowid, status]) => row(rowid, status)),
      [],
      9_007_199_254,
    );
    expect(t.waitingChanged(prints(big))).toBe(false);
  });

  it('notices deletions and untracked changes through the total; a live row deleted simply leaves', () => {
    expect(seeded().totalMismatch(1011)).toBe('2 row(s) deleted');
    expect(seeded().totalMismatch(1014)).toBe('1 row(s) changed outside the live set');
    const t = seeded();
    t.applyChanges([], [1002], []);
    expect(counts(t)).toEqual({ completed: 1000, failed: 10, queued: 2 });
    expect(t.totalMismatch(1012)).toBeNull();
  });

  it('counts dead letters as window failures, summarises and prunes the window', () => {
    const t = new SqliteTally(prismqMapping.statuses);
    t.reset(
      [],
      [],
      [
        row(1, 'dead_letter', {
          endMs: NOW - 10_000,
          startedMs: NOW - 20_000,
          createdMs: NOW - 30_000,
        }),
        row(2, 'completed', { endMs: NOW - 1000, startedMs: NOW - 4000, createdMs: NOW - 5000 }),
      ],
      2,
    );
    // waits 1 and 10 s, runs 3 and 10 s
    expect(t.windowSummary()).toEqual({
      succeeded: 1,
      failed: 1,
      waitP50: 5.5,
      waitP95: expect.closeTo(9.55, 9) as number,
      runP50: 6.5,
      runP95: expect.closeTo(9.65, 9) as number,
    });
    t.pruneWindow(NOW - 5000);
    expect(t.windowSummary()).toMatchObject({ succeeded: 1, failed: 0, runP50: 3 });
  });
});
