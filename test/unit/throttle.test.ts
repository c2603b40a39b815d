import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from '../../src/shared/throttle.js';

describe('Throttle: the decision, on an injected clock', () => {
  it('may run at once, then only one interval after the last run', () => {
    let now = 1_000;
    const throttle = new Throttle(250, () => now);
    expect(throttle.mayRun()).toBe(true);
    expect(throttle.waitMs()).toBe(0);
    throttle.ran();
    expect(throttle.mayRun()).toBe(false);
    now += 100;
    expect(throttle.waitMs()).toBe(150);
    now += 150;
    expect(throttle.mayRun()).toBe(true);
    now += 10_000;
    expect(throttle.waitMs()).toBe(0); // never negative
  });

  it('reads a varying interval each time (shorter while warming up)', () => {
    let now = 0;
    let interval = 50;
    const throttle = new Throttle(
      () => interval,
      () => now,
    );
    throttle.ran();
    now = 40;
    expect(throttle.waitMs()).toBe(10);
    interval = 250;
    expect(throttle.waitMs()).toBe(210);
  });
});

describe('Throttle: scheduling', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A throttled action that records when it ran and says so. */
  function counting(throttle: Throttle): { runs: number[]; run: () => void } {
    const runs: number[] = [];
    return {
      runs,
      run: () => {
        throttle.ran();
        runs.push(Date.now());
      },
    };
  }

  it('leading edge: a lone request runs at once, yet asynchronously', () => {
    const throttle = new Throttle(100);
    const { runs, run } = counting(throttle);
    const t0 = Date.now();
    throttle.schedule(run);
    expect(runs).toEqual([]); // not inside the caller's stack
    expect(throttle.pending).toBe(true);
    vi.advanceTimersByTime(0);
    expect(runs).toEqual([t0]);
    expect(throttle.pending).toBe(false);
  });

  it('folds a burst into one run per interval', () => {
    const throttle = new Throttle(100);
    const { runs, run } = counting(throttle);
    const t0 = Date.now();
    throttle.schedule(run);
    vi.advanceTimersByTime(0);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(5);
      throttle.schedule(run);
    }
    vi.advanceTimersByTime(200);
    expect(runs).toEqual([t0, t0 + 100]);
  });

  it('counts from a direct run too, and cancel drops the pending one', () => {
    const throttle = new Throttle(100);
    const { runs, run } = counting(throttle);
    const t0 = Date.now();
    throttle.ran(); // ran outside the throttle (a publish right after a sync)
    vi.advanceTimersByTime(30);
    throttle.schedule(run);
    vi.advanceTimersByTime(69);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([t0 + 100]);

    throttle.schedule(run);
    throttle.cancel();
    expect(throttle.pending).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(runs).toHaveLength(1);
  });

  it('an action that decides not to run leaves the interval where it was', () => {
    const throttle = new Throttle(100);
    let calls = 0;
    throttle.schedule(() => {
      calls++; // nothing to do: no ran()
    });
    vi.advanceTimersByTime(0);
    expect(calls).toBe(1);
    expect(throttle.mayRun()).toBe(true);
  });
});
