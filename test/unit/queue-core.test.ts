import { describe, expect, it } from 'vitest';
import { ActionRefusedError } from '../../src/shared/errors.js';
import {
  assembleSnapshot,
  type SnapshotParts,
} from '../../src/sources/queue/core/assemble-snapshot.js';
import {
  cleanupPlan,
  cleanupResult,
  deadWorkerItems,
  longWaitingItems,
  refuseCleanupWhenReadOnly,
  stuckItems,
} from '../../src/sources/queue/core/plan-cleanup.js';
import type { JobRef } from '../../src/sources/queue/core/queue-snapshot.js';
import { RecountPolicy } from '../../src/sources/queue/core/recount-policy.js';
import { summarizeWindow, windowStats } from '../../src/sources/queue/core/window-stats.js';
import { DEFAULT_WORKER_POLICY, workerState } from '../../src/sources/queue/core/worker-state.js';
import { cleanupSql } from '../../src/sources/queue/postgres/pg-cleanup-sql.js';
import { qfieldcloudPreset } from '../../src/sources/queue/postgres/qfieldcloud-preset.js';
import { rgridPreset } from '../../src/sources/queue/postgres/rgrid-preset.js';
import { SerialFloor } from '../../src/sources/queue/postgres/serial-floor.js';

const policy = DEFAULT_WORKER_POLICY;

describe('workerState: the one rule of every source', () => {
  it.each([
    [{ ageSeconds: 10 }, 'active'],
    [{ ageSeconds: 120 }, 'active'],
    [{ ageSeconds: 180 }, 'stale'],
    [{ ageSeconds: 300 }, 'stale'],
    [{ ageSeconds: 600 }, 'dead'],
    [{ ageSeconds: null }, 'stale'],
    [{ ageSeconds: 5, livenessKey: false }, 'dead'],
    [{ ageSeconds: 400, livenessKey: true, beatsRegularly: false }, 'active'],
    [{ ageSeconds: 400, livenessKey: true }, 'dead'],
  ] as const)('%o → %s', (evidence, state) => {
    expect(workerState(evidence, policy)).toBe(state);
  });
});

const job = (id: string, worker: string | null, status = 'running'): JobRef => ({
  id,
  type: 'sync',
  status,
  group: null,
  groupLabel: null,
  worker,
  createdAt: 0,
  startedAt: 0,
  ageSeconds: 900,
});

const parts = (over: Partial<SnapshotParts> = {}): SnapshotParts => ({
  preset: 'test',
  at: 1_000_000,
  statuses: { waiting: ['queued'], active: ['running'] },
  counts: [
    { type: 'sync', status: 'queued', count: 3 },
    { type: null, status: 'queued', count: 2 },
    { type: 'sync', status: 'running', count: 3 },
    { type: 'sync', status: 'failed', count: 0 },
  ],
  running: [job('j1', 'w-live'), job('j2', 'w-dead'), job('j3', null)],
  oldestWaiting: null,
  stuck: [{ ...job('j2', 'w-dead'), reason: 'running for 15m' }],
  window: summarizeWindow([
    { success: true, waitS: 1, runS: 10 },
    { success: true, waitS: 2, runS: 20 },
    { success: false, waitS: 3, runS: 30 },
    { success: true, waitS: null, runS: 40 },
  ]),
  windowMs: 3_600_000,
  workers: [
    { id: 'w-live', lastHeartbeatAt: 990_000, ageSeconds: 10 },
    { id: 'w-dead', lastHeartbeatAt: 400_000, ageSeconds: 600 },
    { id: 'w-idle', lastHeartbeatAt: 880_000, ageSeconds: 180 },
  ],
  workerPolicy: policy,
  attributesWorkers: true,
  refresh: { mode: 'full', reason: 'first refresh', roundTrips: 1, elapsedMs: 1 },
  ...over,
});

describe('assembleSnapshot', () => {
  it('counts, totals, the "(none)" type, zero counts dropped, known statuses kept at zero', () => {
    const s = assembleSnapshot(parts({ knownStatuses: ['deferred'] }));
    expect(s.total).toBe(8);
    expect(s.waiting).toBe(5);
    expect(s.inFlight).toBe(3);
    expect(s.counts).toEqual({ deferred: 0, queued: 5, running: 3 });
    expect(s.byType.map((t) => `${t.type}/${t.status}`)).toEqual([
      '(none)/queued',
      'sync/queued',
      'sync/running',
    ]);
    expect(s.unattributedRunning).toBe(1);
  });

  it('window rates from the summary', () => {
    const w = assembleSnapshot(parts()).window;
    expect(w.succeeded).toBe(3);
    expect(w.failed).toBe(1);
    expect(w.failureRate).toBe(0.25);
    expect(w.throughputPerMin).toBeCloseTo(4 / 60);
    expect(windowStats(summarizeWindow([]), 60_000).failureRate).toBeNull();
  });

  it('joins running jobs to workers; a worker named only by a job is stale (never beat)', () => {
    const s = assembleSnapshot(parts({ running: [...parts().running, job('j4', 'w-ghost')] }));
    const byId = new Map((s.workers ?? []).map((w) => [w.id, w]));
    expect(byId.get('w-live')).toMatchObject({ state: 'active', runningJobs: 1 });
    expect(byId.get('w-dead')).toMatchObject({ state: 'dead', runningJobs: 1 });
    expect(byId.get('w-idle')).toMatchObject({ state: 'stale', runningJobs: 0 });
    expect(byId.get('w-ghost')).toMatchObject({ state: 'stale', lastHeartbeatAt: null });
    expect(assembleSnapshot(parts({ workers: null })).workers).toBeNull();
  });
});

describe('the one cleanup planner', () => {
  const snapshot = assembleSnapshot(parts());

  it('stuck takes exactly the stuck list; dead-workers only jobs of dead workers', () => {
    expect(stuckItems(snapshot).map((i) => i.id)).toEqual(['j2']);
    const dead = deadWorkerItems(snapshot, (_job, w) => `worker ${w.id} is ${w.state}`);
    expect(dead).toEqual([
      { id: 'j2', status: 'running', ageSeconds: 900, reason: 'worker w-dead is dead' },
    ]);
  });

  it('one summary wording, a read-only refusal, marked vs skipped', () => {
    const items = stuckItems(snapshot);
    const plan = cleanupPlan('stuck', items, { what: 'stuck', how: 'failed in db' }, 'UPDATE …');
    expect(plan.summary).toBe('mark 1 stuck job failed in db; nothing is deleted');
    expect(() => {
      refuseCleanupWhenReadOnly(true);
    }).toThrow(ActionRefusedError);
    expect(() => {
      refuseCleanupWhenReadOnly(false);
    }).not.toThrow();
    const two = cleanupPlan(
      'stuck',
      [...items, { id: 'j9', status: 'running', ageSeconds: 1, reason: 'r' }],
      { what: 'stuck', how: 'x' },
      '',
    );
    expect(cleanupResult(two, ['j9'])).toEqual({ kind: 'stuck', marked: ['j9'], skipped: ['j2'] });
  });

  it('stale-waiting takes waiting jobs older than the limit, oldest first, never of unknown age', () => {
    const now = 10_000_000;
    const items = longWaitingItems(
      [
        { id: 'young', status: 'queued', createdMs: now - 1_000 },
        { id: 'old-a', status: 'queued', createdMs: now - 7_200_000 },
        { id: 'unknown', status: 'queued', createdMs: null },
        { id: 'older', status: 'pending', createdMs: now - 9_000_000 },
        { id: 'old-b', status: 'queued', createdMs: now - 7_200_000 },
      ],
      now,
      3_600_000,
      (age) => `waited ${String(age)} s`,
    );
    expect(items.map((i) => i.id)).toEqual(['older', 'old-a', 'old-b']);
    expect(items[1]).toEqual({
      id: 'old-a',
      status: 'queued',
      ageSeconds: 7200,
      reason: 'waited 7200 s',
    });
  });
});

describe('RecountPolicy', () => {
  it('first refresh, then periodic; a forced reason wins until done', () => {
    const p = new RecountPolicy(60_000);
    expect(p.due(0)).toBe('first refresh');
    p.done(0);
    expect(p.due(30_000)).toBeNull();
    expect(p.due(61_000)).toBe('periodic recount');
    p.force('after cleanup');
    p.force('after an error');
    expect(p.due(1)).toBe('after cleanup');
    p.done(1);
    expect(p.due(2)).toBeNull();
  });
});

describe('PostgreSQL cleanup statements: the preset owns its stuck rule', () => {
  const rules = { stuckAfterMs: 600_000, jobTimeoutMs: 600_000, queuedNoStartAfterMs: 300_000 };
  const base = { rules, deadHeartbeatMs: 300_000, staleWaitingMs: 86_400_000, idType: 'uuid' };

  it('QFieldCloud: timeout + 10 s grace, or queued and never started; output appended', () => {
    const { text, params } = cleanupSql('stuck', { ...base, preset: qfieldcloudPreset });
    expect(text).toContain('"started_at" IS NULL');
    expect(text).toContain('concat_ws');
    expect(text).toContain('ANY($1::uuid[])');
    expect(params).toEqual([
      'failed',
      'jobdeck cleanup: stuck job marked failed',
      ['queued', 'started'],
      610,
      'queued',
      300,
    ]);
  });

  it('RGrid: generic stuck rule; dead-workers re-checks the dead heartbeat in the UPDATE', () => {
    const stuck = cleanupSql('stuck', { ...base, preset: rgridPreset });
    expect(stuck.text).toContain('COALESCE("started_at", "created_at")');
    expect(stuck.params).toContain(600);
    const dead = cleanupSql('dead-workers', { ...base, preset: rgridPreset });
    expect(dead.text).toMatch(
      /"worker_id" IN \(SELECT h\."worker_id" FROM "worker_heartbeats" h WHERE h\."last_heartbeat_at" < now\(\)/,
    );
    expect(dead.params).toContain(300);
  });
});

describe('SerialFloor', () => {
  it('starts below the max after a recount and follows the max seen a look-back ago', () => {
    const floor = new SerialFloor(60_000_000, 1000);
    floor.reset(5000);
    expect(floor.value).toBe(4000);
    floor.observe(0, 5200);
    floor.observe(30_000_000, 5400);
    expect(floor.value).toBe(4000);
    floor.observe(61_000_000, 5600);
    expect(floor.value).toBe(5200);
    floor.observe(95_000_000, 5700);
    expect(floor.value).toBe(5400);
  });
});
