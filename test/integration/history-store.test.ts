/**
 * Metric history in a real SQLite file (node:sqlite, temp dir): samples from snapshots,
 * persistence across reopen, downsampling (raw 24 h, 10-minute averages to 30 days)
 * with gaps kept as gaps, the CSV export, the sampler loop, and the series the
 * dashboard's sparklines start from.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { appHistoryFromRows } from '../../src/sinks/history/app-history-from-rows.js';
import type { HistoryRow } from '../../src/sinks/history/history-row.js';
import { historyRowFromSnapshot } from '../../src/sinks/history/history-row-from-snapshot.js';
import { HistoryStore } from '../../src/sinks/history/history-store.js';
import { runHistorySampler } from '../../src/sinks/history/run-history-sampler.js';
import { alertContainer } from '../helpers/alert-container.js';
import { alertSnapshot } from '../helpers/alert-snapshot.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 0, 15, 0, 0, 0);
const dir = mkdtempSync(join(tmpdir(), 'jobdeck-history-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const EMPTY: Omit<HistoryRow, 'at'> = {
  resolutionMs: MIN,
  samples: 1,
  queueDepth: null,
  pending: null,
  queued: null,
  started: null,
  finished1h: null,
  failed1h: null,
  failureRate: null,
  throughputPerMin: null,
  stuck: null,
  workersRunning: null,
  workersTotal: null,
  workerCpu: null,
  workerMemMb: null,
};
const row = (at: number, values: Partial<HistoryRow> = {}): HistoryRow => ({
  ...EMPTY,
  at,
  ...values,
});

const busy = alertSnapshot({
  queue: {
    counts: { pending: 3, queued: 9, started: 2, finished: 50, failed: 5 },
    waiting: 12,
    inFlight: 2,
    stuck: [
      {
        id: 'j9',
        type: 'process_projectfile',
        status: 'started',
        group: null,
        groupLabel: null,
        worker: null,
        createdAt: 0,
        startedAt: 0,
        ageSeconds: 900,
        reason: 'started 15m ago',
      },
    ],
    window: {
      windowSeconds: 3600,
      succeeded: 40,
      failed: 10,
      throughputPerMin: 50 / 60,
      successRate: 0.8,
      failureRate: 0.2,
      waitP50: null,
      waitP95: null,
      runP50: null,
      runP95: null,
    },
  },
  containers: [
    alertContainer('w-1', { cpuPercent: 50, memoryMiB: 300 }),
    alertContainer('w-2', { cpuPercent: 25.5, memoryMiB: null }),
    alertContainer('w-3', { state: 'exited', cpuPercent: null, memoryMiB: null }),
  ],
});

describe('historyRowFromSnapshot', () => {
  it('takes queue counts, window stats, workers and their summed resources', () => {
    expect(historyRowFromSnapshot(busy, T0, MIN)).toEqual({
      at: T0,
      resolutionMs: MIN,
      samples: 1,
      queueDepth: 12,
      pending: 3,
      queued: 9,
      started: 2,
      finished1h: 40,
      failed1h: 10,
      failureRate: 0.2,
      throughputPerMin: 50 / 60,
      stuck: 1,
      workersRunning: 2,
      workersTotal: 3,
      workerCpu: 75.5,
      // w-2 reported no memory: the sum is of what is known, not a zero for it.
      workerMemMb: 300,
    });
  });

  it('a failing source is a gap, not zeros', () => {
    const r = historyRowFromSnapshot(
      alertSnapshot({ queue: 'failed', containers: 'failed' }),
      T0,
      MIN,
    );
    expect(r).toEqual(row(T0));
  });

  it('workers from heartbeats when there is no Docker', () => {
    const r = historyRowFromSnapshot(
      alertSnapshot({
        containers: 'off',
        queue: {
          workers: [
            { id: 'a', lastHeartbeatAt: 0, ageSeconds: 3, state: 'active', runningJobs: 1 },
            { id: 'b', lastHeartbeatAt: 0, ageSeconds: 600, state: 'stale', runningJobs: 0 },
          ],
        },
      }),
      T0,
      MIN,
    );
    expect([r.workersRunning, r.workersTotal, r.workerCpu, r.workerMemMb]).toEqual([
      1,
      2,
      null,
      null,
    ]);
  });
});

describe('HistoryStore', () => {
  it('records rows and finds them again after a reopen', () => {
    const path = join(dir, 'reopen.db');
    const store = HistoryStore.open(path);
    store.record(historyRowFromSnapshot(busy, T0, MIN));
    store.record(row(T0 + MIN, { queueDepth: 4 }));
    expect(store.latestAt()).toBe(T0 + MIN);
    store.close();

    const again = HistoryStore.open(path);
    const rows = again.loadRecent(T0);
    expect(rows.map((r) => [r.at, r.queueDepth, r.workerCpu])).toEqual([
      [T0, 12, 75.5],
      [T0 + MIN, 4, null],
    ]);
    expect(again.loadRecent(T0 + 1).map((r) => r.at)).toEqual([T0 + MIN]);
    again.close();
  });

  it('keeps raw rows for 24 h, averages older ones into 10-minute buckets, drops > 30 days', () => {
    const store = HistoryStore.open(join(dir, 'compact.db'));
    const now = T0 + 40 * DAY;
    // 31 days ago: dropped entirely.
    store.record(row(now - 31 * DAY, { queueDepth: 1 }));
    // 2 days ago, one 10-minute bucket of 10 one-minute samples: depth 0..9, a gap at
    // minute 5, workers unknown throughout.
    const bucket = Math.floor((now - 2 * DAY) / (10 * MIN)) * 10 * MIN;
    for (let i = 0; i < 10; i++) {
      store.record(row(bucket + i * MIN, { queueDepth: i === 5 ? null : i, stuck: 1 }));
    }
    // 1 hour ago: raw, untouched.
    store.record(row(now - HOUR, { queueDepth: 42 }));

    expect(store.compact(now)).toEqual({ averaged: 10, buckets: 1, dropped: 1 });
    const rows = store.loadRecent(0);
    expect(rows).toHaveLength(2);
    const [old, recent] = rows;
    expect(old).toMatchObject({
      at: bucket,
      resolutionMs: 10 * MIN,
      samples: 10,
      stuck: 1,
      workersRunning: null,
    });
    // Mean of the 9 known values (0+1+2+3+4+6+7+8+9)/9 = 40/9: the gap does not count as 0.
    expect(old?.queueDepth).toBeCloseTo(40 / 9, 10);
    expect(recent).toMatchObject({ at: now - HOUR, resolutionMs: MIN, samples: 1, queueDepth: 42 });

    // A second compaction changes nothing.
    expect(store.compact(now)).toEqual({ averaged: 0, buckets: 0, dropped: 0 });
    store.close();
  });

  it('only whole buckets are averaged; a bucket met twice is merged by weight', () => {
    const store = HistoryStore.open(join(dir, 'merge.db'), {
      rawMs: HOUR,
      bucketMs: 10 * MIN,
      keepMs: 30 * DAY,
    });
    const b = T0;
    store.record(row(b, { queueDepth: 10 }));
    store.record(row(b + MIN, { queueDepth: 20 }));
    // The cut (now - 1 h, aligned down) falls after this bucket: both rows averaged.
    expect(store.compact(b + HOUR + 10 * MIN).buckets).toBe(1);
    // A late raw row for the same bucket (e.g. another writer): merged, weighted 2:1.
    store.record(row(b + 2 * MIN, { queueDepth: 40 }));
    store.compact(b + HOUR + 10 * MIN);
    expect(store.loadRecent(0).map((r) => [r.at, r.samples, r.queueDepth])).toEqual([
      [b, 3, (10 + 20 + 40) / 3],
    ]);
    store.close();
  });

  it('exports CSV: the operators’ header, ISO UTC timestamps, empty cells for gaps', async () => {
    const store = HistoryStore.open(join(dir, 'csv.db'));
    store.record(historyRowFromSnapshot(busy, T0, MIN));
    store.record(row(T0 + MIN));
    store.record(row(T0 - DAY, { queueDepth: 99 }));
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    expect(await store.exportCsv(T0, out)).toBe(2);
    expect(text.split('\n')).toEqual([
      'timestamp,queue_depth,pending,queued,started,finished_1h,failed_1h,failure_rate,throughput_per_min,stuck,workers_running,workers_total,worker_cpu,worker_mem_mb',
      '2025-01-15T00:00:00.000Z,12,3,9,2,40,10,0.2,0.8333,1,2,3,75.5,300',
      '2025-01-15T00:01:00.000Z,,,,,,,,,,,,,',
      '',
    ]);
    store.close();
  });

  it('shares one database with the alert state', async () => {
    const { openStateDatabase } = await import('../../src/sinks/history/open-state-database.js');
    const { AlertStateStore } = await import('../../src/actions/alerts/alert-state-store.js');
    const db = openStateDatabase(join(dir, 'shared', 'state.db'));
    const history = HistoryStore.on(db);
    const alerts = AlertStateStore.on(db);
    history.record(row(T0, { queueDepth: 1 }));
    alerts.addSilence({ ruleId: '*', until: T0 + HOUR, now: T0 });
    history.close();
    alerts.close();
    expect(db.isOpen).toBe(true);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all();
    expect(tables.map((t) => t.name)).toEqual([
      'alert_memory',
      'alert_silences',
      'alert_subjects',
      'history',
    ]);
    db.close();
  });
});

describe('runHistorySampler', () => {
  it('records one row per interval, skips while nothing is known, and stops on abort', async () => {
    const store = HistoryStore.open(join(dir, 'sampler.db'));
    const controller = new AbortController();
    let snapshot = alertSnapshot({ queue: 'loading', containers: 'loading' });
    let clock = T0;
    const errors: unknown[] = [];
    let ticks = 0;
    const done = runHistorySampler({
      store,
      snapshot: () => {
        ticks++;
        if (ticks === 2) snapshot = busy;
        if (ticks === 4) controller.abort();
        clock += 40;
        return snapshot;
      },
      intervalMs: 40,
      signal: controller.signal,
      now: () => clock,
      onError: (e) => errors.push(e),
    });
    await done;
    expect(errors).toEqual([]);
    // Tick 1 knew nothing; ticks 2–4 recorded (the clock moved a full interval each time).
    expect(store.loadRecent(0).map((r) => r.queueDepth)).toEqual([12, 12, 12]);
    store.close();
  });

  it('leaves the tick to another writer that recorded less than half an interval ago', async () => {
    const path = join(dir, 'two-writers.db');
    const other = HistoryStore.open(path);
    const store = HistoryStore.open(path);
    other.record(row(T0 - 10 * 1000, { queueDepth: 7 }));
    const controller = new AbortController();
    const done = runHistorySampler({
      store,
      snapshot: () => {
        controller.abort();
        return busy;
      },
      intervalMs: MIN,
      signal: controller.signal,
      now: () => T0,
    });
    await done;
    expect(store.loadRecent(0).map((r) => r.queueDepth)).toEqual([7]);
    other.close();
    store.close();
  });
});

describe('appHistoryFromRows', () => {
  it('gives the store’s series (failure rate in %) with a gap where nobody sampled', () => {
    const rows = [
      row(T0, { queueDepth: 1, failureRate: 0.25, workerCpu: 10 }),
      row(T0 + MIN, { queueDepth: 2 }),
      // The monitor was down for an hour.
      row(T0 + HOUR, { queueDepth: 3 }),
    ];
    const h = appHistoryFromRows(rows);
    expect(h.queueDepth).toEqual({
      name: 'queue depth',
      unit: 'jobs',
      times: [T0, T0 + MIN, T0 + 2 * MIN, T0 + HOUR],
      values: [1, 2, null, 3],
    });
    expect(h.failureRate.values).toEqual([25, null, null, null]);
    expect(h.workerCpu.unit).toBe('% of one core');
    expect(appHistoryFromRows(rows, 2).queueDepth.values).toEqual([null, 3]);
  });
});
