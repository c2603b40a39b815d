import { describe, expect, it } from 'vitest';
import type { RqRawDone } from '../../src/sources/queue/redis/rq-raw-state.js';
import { RqWindow } from '../../src/sources/queue/redis/rq-window.js';

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0) / 1000;
const iso = (s: number): string =>
  new Date(s * 1000).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** A registry row as the read script's parser returns it: score = end + ttl (the worker's clock). */
function row(
  id: string,
  endS: number | null,
  ttl: number,
  opts: { startS?: number; enqS?: number; ttlField?: string } = {},
): RqRawDone {
  const score = (endS ?? T0) + ttl;
  return {
    id,
    score: String(score),
    found: 1,
    endedAt: endS === null ? '' : iso(endS),
    startedAt: opts.startS === undefined ? null : iso(opts.startS),
    enqueuedAt: opts.enqS === undefined ? null : iso(opts.enqS),
    ttl: opts.ttlField ?? null,
  };
}

describe('RqWindow', () => {
  it('counts completions in the window once, with wait and run times', () => {
    const w = new RqWindow(3_600_000);
    w.apply(
      'q',
      'finished',
      [row('a', T0 - 10, 500, { startS: T0 - 12, enqS: T0 - 15 }), row('b', T0 - 4000, 500)],
      T0,
    );
    w.apply('q', 'failed', [row('c', T0 - 5, 31_536_000)], T0);
    w.finish(T0);
    // Read again with an overlap: nothing is counted twice.
    w.apply('q', 'finished', [row('a', T0 - 10, 500, { startS: T0 - 12, enqS: T0 - 15 })], T0 + 2);
    w.finish(T0 + 2);
    const entries = w.inWindow(T0 + 2);
    expect(entries.map((e) => [e.id, e.success])).toEqual([
      ['a', true],
      ['c', false],
    ]);
    expect(entries[0]?.waitS).toBeCloseTo(3, 6);
    expect(entries[0]?.runS).toBeCloseTo(2, 6);
  });

  it('reads each registry from the previous refresh + the smallest ttl seen, minus the slack', () => {
    const w = new RqWindow(3_600_000, 30);
    expect(w.request(['q'])).toEqual({ lower: {}, known: {} });
    w.apply('q', 'finished', [row('a', T0 - 10, 500), row('b', T0 - 3, 600)], T0);
    w.apply('q', 'failed', [row('c', T0 - 5, 604_800)], T0);
    w.finish(T0);
    const { lower, known } = w.request(['q', 'new']);
    expect(lower).toEqual({
      q: { finished: T0 - 30 + 500, failed: T0 - 30 + 604_800 },
      // Nothing seen yet: every ttl is ≥ 0, so the previous refresh's time (minus slack) is safe.
      new: { finished: T0 - 30, failed: T0 - 30 },
    });
    // Members at or above the bound were read already: the script skips their hashes.
    expect(known).toEqual({
      q: {
        finished: { n: 2, ids: { a: String(T0 - 10 + 500), b: String(T0 - 3 + 600) } },
        failed: { n: 1, ids: { c: String(T0 - 5 + 604_800) } },
      },
    });
    // Once the bound passes them they are forgotten.
    w.finish(T0 + 100);
    expect(w.request(['q']).known).toEqual({
      q: { finished: { n: 1, ids: { b: String(T0 - 3 + 600) } } },
    });
  });

  it('dates an abandoned job (no ended_at) by its failed score minus failure_ttl', () => {
    const w = new RqWindow(3_600_000);
    w.apply('q', 'failed', [row('x', null, 86_400, { ttlField: '86400' })], T0 + 60);
    w.apply('q', 'failed', [row('y', null, 31_536_000)], T0 + 60);
    w.finish(T0 + 60);
    expect(w.inWindow(T0 + 60).map((e) => [e.id, e.endMs / 1000, e.runS])).toEqual([
      ['x', T0, null],
      ['y', T0, null],
    ]);
  });

  it('forgets what left the window', () => {
    const w = new RqWindow(600_000);
    w.apply('q', 'finished', [row('a', T0 - 100, 500)], T0);
    w.finish(T0);
    expect(w.inWindow(T0).map((e) => e.id)).toEqual(['a']);
    w.finish(T0 + 600);
    expect(w.inWindow(T0 + 600)).toEqual([]);
  });
});
