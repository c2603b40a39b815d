import { describe, expect, it } from 'vitest';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import type { ProbeResult } from '../../src/sources/probes/probe-result.js';
import { computeVerdict } from '../../src/store/readiness-verdict.js';
import type { QueueSnapshot } from '../../src/sources/queue/core/queue-snapshot.js';
import { failedResult, okResult } from '../../src/shared/source-result.js';
import { deriveReadiness } from '../../src/store/derive-readiness.js';

const thresholds = thresholdsSchema.parse({});
const db: ProbeResult = {
  name: 'database',
  kind: 'postgres',
  ok: true,
  level: 'ok',
  latencyMs: 2,
  detail: 'answers',
};

function snapshot(extra: Partial<QueueSnapshot> = {}): QueueSnapshot {
  return {
    preset: 'qfieldcloud',
    at: 0,
    counts: {},
    byType: [],
    total: 0,
    waiting: 0,
    inFlight: 0,
    oldestWaiting: null,
    stuck: [],
    blockers: [],
    window: {
      windowSeconds: 3600,
      succeeded: 10,
      failed: 1,
      throughputPerMin: 0.2,
      successRate: 10 / 11,
      failureRate: 1 / 11,
      waitP50: 1,
      waitP95: 2,
      runP50: 3,
      runP95: 4,
    },
    workers: null,
    running: [],
    unattributedRunning: 0,
    refresh: { mode: 'incremental', reason: null, roundTrips: 1, elapsedMs: 1 },
    ...extra,
  };
}
const job = {
  id: 'j',
  type: 'package',
  status: 'pending',
  group: null,
  groupLabel: null,
  worker: null,
  createdAt: 0,
  startedAt: null,
};
const verdictOf = (
  s: QueueSnapshot,
  probes: { result: ProbeResult; critical: boolean }[] = [],
): string =>
  computeVerdict(
    deriveReadiness({ queue: okResult(s, 0, 1), database: db, probes, thresholds, docker: null }),
  );

describe('deriveReadiness', () => {
  it('a quiet healthy queue is OPERATIONAL', () => {
    expect(verdictOf(snapshot())).toBe('OPERATIONAL');
  });

  it('queue depth over the warning threshold, stuck jobs and no-start blockers degrade', () => {
    expect(verdictOf(snapshot({ waiting: 11, inFlight: 1 }))).toBe('DEGRADED');
    expect(verdictOf(snapshot({ waiting: 10, inFlight: 1 }))).toBe('OPERATIONAL');
    expect(verdictOf(snapshot({ stuck: [{ ...job, ageSeconds: 900, reason: 'x' }] }))).toBe(
      'DEGRADED',
    );
  });

  it('a failure rate over 30 % in the window fails the queue check (DEGRADED, not DOWN)', () => {
    const s = snapshot({ window: { ...snapshot().window, failureRate: 0.31 } });
    const checks = deriveReadiness({
      queue: okResult(s, 0, 1),
      database: db,
      probes: [],
      thresholds,
      docker: null,
    });
    expect(checks.find((c) => c.name === 'queue')).toMatchObject({
      level: 'fail',
      critical: false,
    });
    expect(computeVerdict(checks)).toBe('DEGRADED');
  });

  it('an unreachable database or a failing critical API probe is DOWN', () => {
    const down: ProbeResult = { ...db, ok: false, level: 'fail', detail: 'refused' };
    expect(
      computeVerdict(
        deriveReadiness({
          queue: failedResult('refused', 0, null),
          database: down,
          probes: [],
          thresholds,
          docker: null,
        }),
      ),
    ).toBe('DOWN');
    const api: ProbeResult = {
      name: 'api',
      kind: 'http',
      ok: false,
      level: 'fail',
      latencyMs: 3,
      detail: 'storage="error"',
    };
    expect(verdictOf(snapshot(), [{ result: api, critical: true }])).toBe('DOWN');
    expect(verdictOf(snapshot(), [{ result: { ...api, name: 'cache' }, critical: false }])).toBe(
      'DEGRADED',
    );
  });

  it('with heartbeats: no live worker is DOWN, a stale one DEGRADED', () => {
    const w = (id: string, state: 'active' | 'stale') => ({
      id,
      lastHeartbeatAt: 0,
      ageSeconds: state === 'active' ? 5 : 500,
      state,
      runningJobs: 0,
    });
    expect(verdictOf(snapshot({ workers: [w('a', 'active')] }))).toBe('OPERATIONAL');
    expect(verdictOf(snapshot({ workers: [w('a', 'active'), w('b', 'stale')] }))).toBe('DEGRADED');
    expect(verdictOf(snapshot({ waiting: 3, workers: [w('b', 'stale')] }))).toBe('DOWN');
  });

  it('without heartbeats, jobs waiting with none running for a while is a warning, idle is unknown', () => {
    const waiting = snapshot({ waiting: 2, oldestWaiting: { ...job, ageSeconds: 600 } });
    const checks = deriveReadiness({
      queue: okResult(waiting, 0, 1),
      database: db,
      probes: [],
      thresholds,
      docker: null,
    });
    expect(checks.find((c) => c.name === 'worker')?.level).toBe('warn');
    const idle = deriveReadiness({
      queue: okResult(snapshot(), 0, 1),
      database: db,
      probes: [],
      thresholds,
      docker: null,
    });
    expect(idle.find((c) => c.name === 'worker')?.level).toBe('unknown');
  });
});
