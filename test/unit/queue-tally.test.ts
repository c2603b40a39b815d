import { describe, expect, it } from 'vitest';
import type { JobRow } from '../../src/sources/queue/postgres/job-row.js';
import { QueueTally } from '../../src/sources/queue/postgres/queue-tally.js';
import { percentile } from '../../src/sources/queue/core/percentile.js';

const S = 1e6;
const NOW = 1_000_000 * S;
const row = (
  id: string,
  status: string,
  createdS: number,
  extra: Partial<JobRow> = {},
): JobRow => ({
  id,
  status,
  type: 'package',
  group: null,
  worker: null,
  createdUs: NOW - createdS * S,
  startedUs: null,
  endUs: null,
  ...extra,
});
const classes = {
  waiting: ['pending'],
  active: ['started'],
  success: ['finished'],
  failure: ['failed'],
};
const counts = (t: QueueTally): Record<string, number> =>
  Object.fromEntries(t.countsByStatusAndType().map((c) => [c.status, c.count]));
const recent = (nowUs: number) => ({ kind: 'created' as const, sinceUs: nowUs - 300 * S });

describe('QueueTally', () => {
  function seeded(): QueueTally {
    const t = new QueueTally(classes, 120 * S);
    t.reset(
      [
        { status: 'finished', type: 'package', count: 1000 },
        { status: 'pending', type: 'package', count: 1 },
      ],
      [],
      [row('p1', 'pending', 10)],
      NOW,
    );
    return t;
  }

  it('applies transitions of tracked rows and counts new rows once', () => {
    const t = seeded();
    const now = NOW + 2 * S;
    const live = [row('p1', 'started', 10, { startedUs: now }), row('n1', 'pending', 1)];
    expect(t.apply(live, recent(now), now).recount).toBeNull();
    expect(counts(t)).toEqual({ finished: 1000, started: 1, pending: 1 });
    // The same read again changes nothing: n1 is now tracked.
    expect(t.apply(live, recent(now), now).recount).toBeNull();
    expect(counts(t)).toEqual({ finished: 1000, started: 1, pending: 1 });
  });

  it('a job created and finished between two reads is counted through the new-rows range', () => {
    const t = seeded();
    const now = NOW + 2 * S;
    const done = row('n2', 'finished', 1, { startedUs: NOW, endUs: NOW + S });
    t.apply([row('p1', 'pending', 10), done], recent(now), now);
    expect(counts(t).finished).toBe(1001);
    expect(t.windowEntries(now - 3600 * S)).toHaveLength(1);
  });

  it('asks for a recount when an old untracked row turns up live (an admin rerun)', () => {
    const t = seeded();
    const now = NOW + 2 * S;
    const rerun = row('old', 'pending', 86400 * 30);
    expect(t.apply([row('p1', 'pending', 10), rerun], recent(now), now).recount).toMatch(/rerun/);
  });

  it('a tracked row that disappears was deleted', () => {
    const t = seeded();
    const now = NOW + 2 * S;
    t.apply([], recent(now), now);
    expect(counts(t)).toEqual({ finished: 1000 });
  });

  it('stops tracking finished rows after the grace period, but keeps live ones', () => {
    const t = seeded();
    let now = NOW + S;
    t.apply(
      [row('p1', 'finished', 1000, { endUs: now })],
      { kind: 'created', sinceUs: now - 300 * S },
      now,
    );
    expect(t.trackedIds()).toEqual(['p1']);
    now += 121 * S;
    t.apply(
      [row('p1', 'finished', 1000, { endUs: NOW + S })],
      { kind: 'created', sinceUs: now - 300 * S },
      now,
    );
    expect(t.trackedIds()).toEqual([]);
  });

  it('a late write (end time after the status) updates the window entry', () => {
    const t = seeded();
    const now = NOW + S;
    t.apply([row('p1', 'failed', 10, { startedUs: NOW - 5 * S })], recent(now), now);
    expect(t.windowEntries(now - 3600 * S)[0]?.runS).toBeNull();
    t.apply([row('p1', 'failed', 10, { startedUs: NOW - 5 * S, endUs: NOW })], recent(now), now);
    expect(t.windowEntries(now - 3600 * S)[0]?.runS).toBe(5);
    expect(counts(t).failed).toBe(1);
  });
});

describe('percentile (percentile_cont)', () => {
  it('interpolates between ranks like PostgreSQL', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 10, 10, 10, 10, 10, 10, 1000], 0.95)).toBeCloseTo(653.5, 9);
  });
});
