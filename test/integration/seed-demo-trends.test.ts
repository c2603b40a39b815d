import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readRecentHistory } from '../../src/app/read-recent-history.js';
import { seedDemoTrends } from '../../src/demo/seed-demo-trends.js';
import { HistoryStore } from '../../src/sinks/history/history-store.js';
import type { HistoryRow } from '../../src/sinks/history/history-row.js';
import { jobId, loadQfieldcloud, P1, P2, P3, P4 } from '../helpers/qfieldcloud-fixture.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const m = (minutes: number): number => minutes * 60;

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase('trends');
  // Times half a minute off the minute marks, so "now" moving by a second changes nothing.
  await loadQfieldcloud(db.url, [
    // Waited 30.5 → 29.5 min ago, ran until 20.5 min ago.
    {
      id: jobId(1),
      project: P1,
      status: 'finished',
      created: m(30.5),
      started: m(29.5),
      finished: m(20.5),
      dockerFinished: m(20.6),
    },
    // Failed without finished_at (upstream leaves it NULL): ended with its container.
    {
      id: jobId(2),
      project: P2,
      status: 'failed',
      created: m(40.5),
      started: m(40.2),
      finished: null,
      dockerFinished: m(35.5),
    },
    // Still waiting, created 5.5 min ago.
    {
      id: jobId(3),
      project: P3,
      status: 'pending',
      created: m(5.5),
      started: null,
      finished: null,
      dockerFinished: null,
    },
    // Failed before it ever started (terminated while queued): never waiting after that.
    {
      id: jobId(4),
      project: P4,
      status: 'failed',
      created: m(50.5),
      started: null,
      finished: null,
      dockerFinished: null,
    },
    // Long before the hour: in no window.
    {
      id: jobId(5),
      project: P1,
      status: 'finished',
      created: m(130),
      started: m(129),
      finished: m(125),
      dockerFinished: m(125.1),
    },
  ]);
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

describe('seedDemoTrends', () => {
  it('derives one sample a minute of the last hour from core_job, once', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'jobdeck-trends-')), 'state.db');
    const store = HistoryStore.open(path);
    const now = Date.now();
    try {
      expect(await seedDemoTrends(client, store, now)).toBe(60);
      const rows = store.loadRecent(now - 3_600_000);
      expect(rows).toHaveLength(60);
      const at = (minutesAgo: number): HistoryRow => {
        const row = rows[59 - minutesAgo];
        if (row === undefined) throw new Error(`no row ${String(minutesAgo)} min ago`);
        expect(Math.abs(row.at - (now - minutesAgo * 60_000))).toBeLessThan(1_000);
        return row;
      };
      expect(at(0)).toMatchObject({
        queueDepth: 1,
        started: 0,
        finished1h: 1,
        failed1h: 2,
        throughputPerMin: 3 / 60,
        resolutionMs: 60_000,
        workersRunning: null,
        workerCpu: null,
        workerMemMb: null,
      });
      expect(at(0).failureRate).toBeCloseTo(2 / 3);
      expect(at(6)).toMatchObject({ queueDepth: 0, started: 0 });
      expect(at(25)).toMatchObject({ queueDepth: 0, started: 1, finished1h: 0, failed1h: 2 });
      expect(at(30)).toMatchObject({ queueDepth: 1, started: 0, failed1h: 2 });
      expect(at(38)).toMatchObject({ queueDepth: 0, started: 1, failed1h: 1 });
      // Nothing completed in the hour before: a rate of nothing is a gap, not 0 %.
      expect(at(59)).toMatchObject({ finished1h: 0, failed1h: 0, failureRate: null });

      // The store has its hour now: a second start leaves it alone.
      expect(await seedDemoTrends(client, store, now)).toBe(0);
      expect(store.loadRecent(now - 3_600_000)).toHaveLength(60);
    } finally {
      store.close();
    }
    expect(readRecentHistory(now, path)).not.toBeNull();
  });
});
