import { describe, expect, it } from 'vitest';
import { PublishedValue } from '../../src/sources/docker/published-value.js';
import { SyncRunner } from '../../src/sources/docker/sync-runner.js';

/** A sync that waits until released, so the test decides when it ends. */
function gatedSyncs(): {
  runs: boolean[];
  release: () => void;
  syncOnce: (full: boolean) => Promise<void>;
} {
  const runs: boolean[] = [];
  let open: (() => void)[] = [];
  return {
    runs,
    release: () => {
      const waiting = open;
      open = [];
      for (const done of waiting) done();
    },
    syncOnce: (full) => {
      runs.push(full);
      return new Promise((resolve) => open.push(resolve));
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('SyncRunner', () => {
  it('never overlaps: requests during a sync fold into one more, a full one winning', async () => {
    const { runs, release, syncOnce } = gatedSyncs();
    const runner = new SyncRunner(syncOnce, new AbortController().signal);
    const first = runner.request('partial');
    void runner.request('partial');
    void runner.request('full');
    void runner.request('partial');
    expect(runs).toEqual([false]);
    release();
    await tick();
    expect(runs).toEqual([false, true]); // one more, and a full one
    release();
    await first; // resolves once the folded run is done too
    expect(runs).toEqual([false, true]);
    await runner.idle();
  });

  it('does nothing once aborted, and stops after the sync in flight', async () => {
    const { runs, release, syncOnce } = gatedSyncs();
    const controller = new AbortController();
    const runner = new SyncRunner(syncOnce, controller.signal);
    const first = runner.request('full');
    void runner.request('partial');
    controller.abort();
    release();
    await first;
    expect(runs).toEqual([true]);
    await runner.request('full');
    expect(runs).toEqual([true]);
  });
});

describe('PublishedValue', () => {
  it('tells every listener, even when one throws, and waits for a condition', async () => {
    const errors: unknown[] = [];
    const value = new PublishedValue<number>((error) => errors.push(error));
    expect(value.get()).toBeNull();
    let heard = 0;
    value.subscribe(() => {
      throw new Error('bad listener');
    });
    const unsubscribe = value.subscribe(() => heard++);
    const waiting = value.waitFor((n) => n >= 2, 5_000);
    value.set(1);
    value.set(2);
    await expect(waiting).resolves.toBe(2);
    unsubscribe();
    value.set(3);
    expect(heard).toBe(2);
    expect(errors).toHaveLength(3);
    // A condition that never holds: whatever is there after the timeout.
    await expect(value.waitFor((n) => n > 100, 10)).resolves.toBe(3);
  });
});
