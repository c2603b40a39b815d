import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecentHistory } from '../../src/app/read-recent-history.js';
import { HistoryStore } from '../../src/sinks/history/history-store.js';

describe('the dashboard starts its sparklines from the recorded history', () => {
  it('loads the last hour the monitor recorded, with its gaps', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'jobdeck-hist-')), 'state.db');
    const now = Date.UTC(2026, 10, 23, 12, 0, 0);
    const store = HistoryStore.open(path);
    const row = (minutesAgo: number, depth: number | null) => ({
      at: now - minutesAgo * 60_000,
      resolutionMs: 60_000,
      samples: 1,
      queueDepth: depth,
      pending: depth,
      queued: 0,
      started: 1,
      finished1h: 10,
      failed1h: 1,
      failureRate: 0.1,
      throughputPerMin: 0.2,
      stuck: 0,
      workersRunning: 2,
      workersTotal: 2,
      workerCpu: 1.5,
      workerMemMb: 120,
    });
    for (const [ago, depth] of [
      [90, 7],
      [3, 4],
      [2, null],
      [1, 6],
    ] as const)
      store.record(row(ago, depth));
    store.close();
    const history = readRecentHistory(now, path);
    // The 90-minute-old sample is outside the hour; the null is a gap, not a zero.
    expect(history?.queueDepth.values).toEqual([4, null, 6]);
    expect(history?.workerMemory.values).toEqual([120, 120, 120]);
  });

  it('no state file, or one that is not a database: no history, no crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobdeck-hist-'));
    expect(readRecentHistory(Date.now(), join(dir, 'missing.db'))).toBeNull();
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is not sqlite');
    expect(readRecentHistory(Date.now(), junk)).toBeNull();
  });
});
