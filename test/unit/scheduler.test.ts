import { describe, expect, it } from 'vitest';
import { runEvery } from '../../src/shared/scheduler.js';

describe('runEvery', () => {
  it('runs at once, never overlaps, backs off on failure and stops on abort', async () => {
    const controller = new AbortController();
    const starts: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const errors: unknown[] = [];
    const t0 = Date.now();
    const done = runEvery(
      20,
      async () => {
        starts.push(Date.now() - t0);
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 30)); // longer than the interval
        running--;
        if (starts.length <= 3) throw new Error(`fail ${starts.length}`);
        if (starts.length === 5) controller.abort();
      },
      controller.signal,
      (e) => errors.push(e),
    );
    await done;
    expect(starts[0]).toBeLessThan(15);
    expect(maxRunning).toBe(1);
    expect(errors).toHaveLength(3);
    // After three failures the wait has grown: 20, 40, 80 ms.
    expect((starts[3] ?? 0) - (starts[2] ?? 0)).toBeGreaterThanOrEqual(30 + 80 - 5);
    expect(starts).toHaveLength(5);
    await new Promise((r) => setTimeout(r, 60));
    expect(starts).toHaveLength(5);
  });
});
