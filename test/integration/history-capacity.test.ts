/**
 * The capacity advisor over history: table-driven over synthetic weeks, and once over
 * rows that went through the real store (raw + downsampled buckets, weighted).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adviseCapacity } from '../../src/sinks/history/advise-capacity.js';
import type { HistoryRow } from '../../src/sinks/history/history-row.js';
import { HistoryStore } from '../../src/sinks/history/history-store.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);
const dir = mkdtempSync(join(tmpdir(), 'jobdeck-capacity-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Hourly rows over `hours` with a fixed depth, hourly finished/failed and replicas. */
function week(
  hours: number,
  depth: number | null,
  finished: number,
  failed: number,
  workers: number | null,
): HistoryRow[] {
  return Array.from({ length: hours }, (_, i) => ({
    at: T0 + i * HOUR,
    resolutionMs: HOUR,
    samples: 1,
    queueDepth: depth,
    pending: null,
    queued: null,
    started: null,
    finished1h: finished,
    failed1h: failed,
    failureRate: null,
    throughputPerMin: null,
    stuck: null,
    workersRunning: workers,
    workersTotal: workers,
    workerCpu: null,
    workerMemMb: null,
  }));
}

const limits = {
  queueDepthGood: 5,
  queueDepthWarn: 10,
  failureRateCritical: 0.3,
  replicasSetting: 'QFIELDCLOUD_WORKER_REPLICAS',
};

describe('adviseCapacity', () => {
  it.each([
    {
      name: 'an idle, healthy week',
      rows: week(168, 1, 20, 1, 2),
      verdict: 'STOP',
      action: 'nothing to change: the configuration is sufficient',
    },
    {
      name: 'a deep queue',
      rows: week(168, 14, 20, 1, 2),
      verdict: 'CONSIDER',
      action: 'raise QFIELDCLOUD_WORKER_REPLICAS, 2 → 4 (check CPU and memory headroom first)',
    },
    {
      name: 'a queue between good and warn',
      rows: week(168, 7, 20, 1, 2),
      verdict: 'CONSIDER',
      action: 'raise QFIELDCLOUD_WORKER_REPLICAS, 2 → 3 (check CPU and memory headroom first)',
    },
    {
      name: 'deep queue with unknown replicas',
      rows: week(168, 14, 20, 1, null),
      verdict: 'CONSIDER',
      action: 'raise QFIELDCLOUD_WORKER_REPLICAS (check CPU and memory headroom first)',
    },
    {
      name: 'jobs fail: investigate before scaling',
      rows: week(168, 14, 10, 6, 2),
      verdict: 'INVESTIGATE',
      action: 'find why jobs fail (job logs, failed jobs by type) before adding workers',
    },
    {
      name: 'half a day of history',
      rows: week(12, 14, 20, 1, 2),
      verdict: 'MONITOR',
      action: 'keep `jobdeck monitor` running; the advice needs at least a day of samples',
    },
    {
      name: 'no queue data at all',
      rows: week(168, null, 0, 0, 2),
      verdict: 'MONITOR',
      action: 'keep `jobdeck monitor` running; the advice needs at least a day of samples',
    },
  ])('$name → $verdict', ({ rows, verdict, action }) => {
    const advice = adviseCapacity({ rows, ...limits });
    expect([advice.verdict, advice.action]).toEqual([verdict, action]);
  });

  it('reports the numbers behind the verdict', () => {
    const advice = adviseCapacity({ rows: week(168, 14, 19, 1, 2), ...limits });
    expect(advice).toMatchObject({
      avgQueueDepth: 14,
      successRate: 0.95,
      spanHours: 167,
      samples: 168,
      workers: 2,
    });
    expect(advice.reason).toBe(
      'jobs wait: mean queue depth 14.0, success 95% over 167 h (good < 5, warn > 10)',
    );
  });

  it('weighs downsampled buckets by their samples (through the real store)', () => {
    const store = HistoryStore.open(join(dir, 'capacity.db'), {
      rawMs: HOUR,
      bucketMs: 10 * 60_000,
      keepMs: 30 * 24 * HOUR,
    });
    // 2 days of one-minute samples: depth 2 all the time except 1 busy hour at 62.
    const minutes = 48 * 60;
    for (let i = 0; i < minutes; i++) {
      for (const row of week(1, i >= 600 && i < 660 ? 62 : 2, 10, 0, 2)) {
        store.record({ ...row, at: T0 + i * 60_000, resolutionMs: 60_000 });
      }
    }
    store.compact(T0 + minutes * 60_000);
    const rows = store.loadRecent(0);
    expect(rows.length).toBeLessThan(minutes);
    const advice = adviseCapacity({ rows, ...limits });
    // (62·60 + 2·(2880 − 60)) / 2880 = 3.25: one busy hour does not make a deep week.
    expect(advice.avgQueueDepth).toBeCloseTo(3.25, 6);
    expect(advice.verdict).toBe('STOP');
    store.close();
  });
});
