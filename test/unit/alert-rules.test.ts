/**
 * The default rules against snapshots: what each finds (by subject), and `null` when its
 * source cannot tell. Thresholds are the config defaults (QFieldCloud operators' values).
 */
import { describe, expect, it } from 'vitest';
import { alertsConfigSchema } from '../../src/config/alerts-config-schema.js';
import { AlertEngine } from '../../src/actions/alerts/alert-engine.js';
import type { AlertRule, RuleMemory } from '../../src/actions/alerts/alert-rule.js';
import { buildAlertRules } from '../../src/actions/alerts/build-alert-rules.js';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import type { AppSnapshot } from '../../src/store/app-snapshot.js';
import { alertContainer } from '../helpers/alert-container.js';
import { alertSnapshot } from '../helpers/alert-snapshot.js';

const MIN = 60_000;
const rules = buildAlertRules(alertsConfigSchema.parse({}), thresholdsSchema.parse({}));
const rule = (id: string): AlertRule => {
  const found = rules.find((r) => r.id === id);
  if (found === undefined) throw new Error(`no rule ${id}`);
  return found;
};
const findings = (id: string, snapshot: AppSnapshot, firing: string[] = []): string[] | null => {
  const result = rule(id).check({ snapshot, now: 0, firing: new Set(firing), memory: {} });
  return result.findings === null ? null : result.findings.map((f) => f.subject);
};

const window = (succeeded: number, failed: number) => ({
  windowSeconds: 3600,
  succeeded,
  failed,
  throughputPerMin: (succeeded + failed) / 60,
  successRate: succeeded + failed === 0 ? null : succeeded / (succeeded + failed),
  failureRate: succeeded + failed === 0 ? null : failed / (succeeded + failed),
  waitP50: null,
  waitP95: null,
  runP50: null,
  runP95: null,
});
const waitingJob = (ageSeconds: number) => ({
  id: 'j1',
  type: 'package',
  status: 'pending',
  group: null,
  groupLabel: null,
  worker: null,
  createdAt: 0,
  startedAt: null,
  ageSeconds,
});
const beat = (
  id: string,
  state: 'active' | 'stale' | 'dead',
  ageSeconds: number | null,
  runningJobs = 0,
) => ({
  id,
  lastHeartbeatAt: null,
  ageSeconds,
  state,
  runningJobs,
});
const probe = (name: string, kind: 'http' | 'tcp', level: 'ok' | 'fail') => ({
  critical: true,
  result: { name, kind, ok: level === 'ok', level, latencyMs: 1, detail: `${name} ${level}` },
});

interface RuleCase {
  readonly name: string;
  readonly rule: string;
  readonly snapshot: AppSnapshot;
  readonly firing?: string[];
  readonly expect: string[] | null;
}

const cases: RuleCase[] = [
  // worker-not-running
  {
    name: 'an exited worker replica',
    rule: 'worker-not-running',
    snapshot: alertSnapshot({
      containers: [
        alertContainer('w-1'),
        alertContainer('w-2', { state: 'exited', exitCode: 137 }),
      ],
    }),
    expect: ['w-2'],
  },
  {
    name: 'a stopped non-worker service is not a worker',
    rule: 'worker-not-running',
    snapshot: alertSnapshot({
      containers: [alertContainer('app-1', { role: 'service', service: 'app', state: 'exited' })],
    }),
    expect: [],
  },
  {
    name: 'Docker failing: cannot tell',
    rule: 'worker-not-running',
    snapshot: alertSnapshot({ containers: 'failed' }),
    expect: null,
  },
  {
    name: 'Docker off: cannot tell',
    rule: 'worker-not-running',
    snapshot: alertSnapshot({ containers: 'off' }),
    expect: null,
  },
  // worker-memory
  {
    name: 'a worker over 500 MB',
    rule: 'worker-memory',
    snapshot: alertSnapshot({
      containers: [
        alertContainer('w-1', { memoryMiB: 501 }),
        alertContainer('w-2', { memoryMiB: 500 }),
      ],
    }),
    expect: ['w-1'],
  },
  {
    name: 'no memory sample is no finding',
    rule: 'worker-memory',
    snapshot: alertSnapshot({ containers: [alertContainer('w-1', { memoryMiB: null })] }),
    expect: [],
  },
  // job-stuck
  {
    name: 'stuck jobs are one queue-wide alert',
    rule: 'job-stuck',
    snapshot: alertSnapshot({
      queue: {
        stuck: [
          { ...waitingJob(900), id: 'a', status: 'started', reason: 'started 15m ago' },
          { ...waitingJob(1200), id: 'b', status: 'started', reason: 'started 20m ago' },
        ],
      },
    }),
    expect: ['queue'],
  },
  { name: 'no stuck job', rule: 'job-stuck', snapshot: alertSnapshot(), expect: [] },
  {
    name: 'queue failing: cannot tell',
    rule: 'job-stuck',
    snapshot: alertSnapshot({ queue: 'failed' }),
    expect: null,
  },
  // workers-idle
  {
    name: 'jobs waiting 5 min, none running, a worker up',
    rule: 'workers-idle',
    snapshot: alertSnapshot({
      queue: { waiting: 4, inFlight: 0, oldestWaiting: waitingJob(300) },
      containers: [alertContainer('w-1')],
    }),
    expect: ['queue'],
  },
  {
    name: 'a job waiting 30 s is not yet idleness',
    rule: 'workers-idle',
    snapshot: alertSnapshot({
      queue: { waiting: 4, inFlight: 0, oldestWaiting: waitingJob(30) },
      containers: [alertContainer('w-1')],
    }),
    expect: [],
  },
  {
    name: 'something runs: not idle',
    rule: 'workers-idle',
    snapshot: alertSnapshot({
      queue: { waiting: 4, inFlight: 1, oldestWaiting: waitingJob(300) },
      containers: [alertContainer('w-1')],
    }),
    expect: [],
  },
  {
    name: 'no worker container running: that is worker-not-running, not idleness',
    rule: 'workers-idle',
    snapshot: alertSnapshot({
      queue: { waiting: 4, inFlight: 0, oldestWaiting: waitingJob(300) },
      containers: [alertContainer('w-1', { state: 'exited' })],
    }),
    expect: [],
  },
  {
    name: 'heartbeats only: a live worker and nothing running',
    rule: 'workers-idle',
    snapshot: alertSnapshot({
      queue: {
        waiting: 2,
        inFlight: 0,
        oldestWaiting: waitingJob(300),
        workers: [beat('r1', 'active', 5)],
      },
      containers: 'off',
    }),
    expect: ['queue'],
  },
  // database-unreachable
  {
    name: 'the database check fails',
    rule: 'database-unreachable',
    snapshot: alertSnapshot({
      readiness: [
        {
          name: 'database',
          level: 'fail',
          critical: true,
          detail: 'connection refused',
          latencyMs: null,
        },
      ],
    }),
    expect: ['database'],
  },
  {
    name: 'the database answers',
    rule: 'database-unreachable',
    snapshot: alertSnapshot(),
    expect: [],
  },
  {
    name: 'no readiness yet: cannot tell',
    rule: 'database-unreachable',
    snapshot: { ...alertSnapshot(), readiness: [], verdict: null },
    expect: null,
  },
  // queue-depth (hysteresis: > 10 fires, < 5 clears)
  {
    name: '11 waiting fires',
    rule: 'queue-depth',
    snapshot: alertSnapshot({ queue: { waiting: 11 } }),
    expect: ['queue'],
  },
  {
    name: '10 waiting does not fire',
    rule: 'queue-depth',
    snapshot: alertSnapshot({ queue: { waiting: 10 } }),
    expect: [],
  },
  {
    name: '7 waiting keeps a firing alert',
    rule: 'queue-depth',
    snapshot: alertSnapshot({ queue: { waiting: 7 } }),
    firing: ['queue'],
    expect: ['queue'],
  },
  {
    name: '4 waiting clears it',
    rule: 'queue-depth',
    snapshot: alertSnapshot({ queue: { waiting: 4 } }),
    firing: ['queue'],
    expect: [],
  },
  // failure-rate
  {
    name: '4 of 10 failed (40 %)',
    rule: 'failure-rate',
    snapshot: alertSnapshot({ queue: { window: window(6, 4) } }),
    expect: ['queue'],
  },
  {
    name: '3 of 10 failed (30 %) is not above',
    rule: 'failure-rate',
    snapshot: alertSnapshot({ queue: { window: window(7, 3) } }),
    expect: [],
  },
  {
    name: '2 of 3 failed: too few jobs to judge',
    rule: 'failure-rate',
    snapshot: alertSnapshot({ queue: { window: window(1, 2) } }),
    expect: [],
  },
  {
    name: 'nothing completed',
    rule: 'failure-rate',
    snapshot: alertSnapshot({ queue: { window: window(0, 0) } }),
    expect: [],
  },
  // heartbeat-stale
  {
    name: 'stale workers, a dead one holding a job, an old leftover row',
    rule: 'heartbeat-stale',
    snapshot: alertSnapshot({
      queue: {
        workers: [
          beat('live', 'active', 5),
          beat('stale', 'stale', 300),
          beat('dead-with-job', 'dead', null, 1),
          beat('leftover', 'stale', 3 * 86_400),
        ],
      },
    }),
    expect: ['stale', 'dead-with-job'],
  },
  {
    name: 'no heartbeats in this system (QFieldCloud)',
    rule: 'heartbeat-stale',
    snapshot: alertSnapshot(),
    expect: [],
  },
  // api-readiness
  {
    name: 'a failing HTTP probe (a failing TCP probe is not the API)',
    rule: 'api-readiness',
    snapshot: alertSnapshot({
      probes: [probe('api', 'http', 'fail'), probe('cache', 'tcp', 'fail')],
    }),
    expect: ['api'],
  },
  {
    name: 'the API answers',
    rule: 'api-readiness',
    snapshot: alertSnapshot({ probes: [probe('api', 'http', 'ok')] }),
    expect: [],
  },
  {
    name: 'no probes configured',
    rule: 'api-readiness',
    snapshot: alertSnapshot({ probes: 'off' }),
    expect: [],
  },
  {
    name: 'probes not run yet',
    rule: 'api-readiness',
    snapshot: alertSnapshot({ probes: 'loading' }),
    expect: null,
  },
];

describe('default alert rules', () => {
  it.each(cases)('$rule: $name', (c) => {
    expect(findings(c.rule, c.snapshot, c.firing)).toEqual(c.expect);
  });

  it('has the issue 7 defaults: 3 checks for a dead worker, 30 min cooldown, severities', () => {
    expect(rules.map((r) => [r.id, r.severity, r.forChecks, r.cooldownMs / MIN])).toEqual([
      ['worker-not-running', 'critical', 3, 30],
      ['worker-memory', 'warning', 1, 30],
      ['job-stuck', 'warning', 1, 30],
      ['workers-idle', 'critical', 1, 30],
      ['database-unreachable', 'critical', 1, 30],
      ['queue-depth', 'warning', 1, 30],
      ['failure-rate', 'critical', 1, 30],
      ['heartbeat-stale', 'warning', 1, 30],
      ['crash-loop', 'critical', 1, 30],
      ['api-readiness', 'critical', 1, 30],
    ]);
  });

  it('summaries carry the numbers', () => {
    const snapshot = alertSnapshot({
      containers: [alertContainer('w-1', { memoryMiB: 612.4 })],
      queue: { waiting: 12, window: window(6, 4) },
    });
    const summary = (id: string): string | undefined =>
      rule(id).check({ snapshot, now: 0, firing: new Set(), memory: {} }).findings?.[0]?.summary;
    expect(summary('worker-memory')).toBe('worker w-1 uses 612 MiB > 500 MB');
    expect(summary('queue-depth')).toBe('12 jobs waiting (warn > 10, good < 5)');
    expect(summary('failure-rate')).toBe('40% of jobs failed in the last 1h (4 of 10; limit 30%)');
  });
});

describe('crash-loop rule', () => {
  // restartCount per check, one check a minute; default: 3 restarts within 10 min.
  const run = (counts: (number | null)[], start: RuleMemory = {}) => {
    let memory = start;
    const out: string[][] = [];
    counts.forEach((count, i) => {
      const snapshot = alertSnapshot({
        containers: [alertContainer('w-1', { restartCount: count })],
      });
      const result = rule('crash-loop').check({
        snapshot,
        now: i * MIN,
        firing: new Set(),
        memory,
      });
      memory = result.memory ?? memory;
      out.push(result.findings?.map((f) => f.subject) ?? ['?']);
    });
    return { out, memory };
  };

  it.each([
    {
      name: 'three rises within the window fire',
      counts: [0, 1, 2, 3],
      fires: [false, false, false, true],
    },
    { name: 'a jump of three between two checks fires', counts: [5, 8], fires: [false, true] },
    {
      name: 'a steady count never fires',
      counts: [4, 4, 4, 4],
      fires: [false, false, false, false],
    },
    {
      name: 'rises spread over more than the window do not add up',
      counts: [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3],
      fires: [
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
      ],
    },
    {
      name: 'a manual restart (count back to 0) is a new baseline',
      counts: [7, 0, 1, 2],
      fires: [false, false, false, false],
    },
    {
      name: 'an unknown count keeps the baseline',
      counts: [0, null, 3],
      fires: [false, false, true],
    },
  ])('$name', ({ counts, fires }) => {
    expect(run(counts).out.map((s) => s.includes('w-1'))).toEqual(fires);
  });

  it('clears once the restarts fall out of the window', () => {
    const { memory } = run([0, 3]);
    const snapshot = alertSnapshot({ containers: [alertContainer('w-1', { restartCount: 3 })] });
    const at = (now: number) =>
      rule('crash-loop').check({ snapshot, now, firing: new Set(), memory }).findings?.length;
    expect(at(5 * MIN)).toBe(1);
    expect(at(11 * MIN)).toBe(0);
  });

  it('forgets containers that are gone', () => {
    const { memory } = run([0, 1]);
    const result = rule('crash-loop').check({
      snapshot: alertSnapshot({ containers: [] }),
      now: 2 * MIN,
      firing: new Set(),
      memory,
    });
    expect(result.memory).toEqual({});
  });
});

describe('rules through the engine', () => {
  it('worker-not-running fires after 3 checks and resolves when the worker is back', () => {
    const engine = new AlertEngine(rules);
    const down = alertSnapshot({
      containers: [alertContainer('w-1', { state: 'exited', exitCode: 1 })],
    });
    const up = alertSnapshot({ containers: [alertContainer('w-1')] });
    expect(engine.evaluate(down, 0).fired).toEqual([]);
    expect(engine.evaluate(down, MIN).fired).toEqual([]);
    const third = engine.evaluate(down, 2 * MIN);
    expect(third.fired.map((e) => [e.ruleId, e.subject, e.summary])).toEqual([
      ['worker-not-running', 'w-1', 'worker w-1 is exited (exit 1)'],
    ]);
    const back = engine.evaluate(up, 3 * MIN);
    expect(back.resolved.map((e) => [e.ruleId, e.subject])).toEqual([
      ['worker-not-running', 'w-1'],
    ]);
  });

  it('queue-depth: 12 fires, 7 holds, 4 resolves', () => {
    const engine = new AlertEngine(rules);
    const depth = (waiting: number) => alertSnapshot({ queue: { waiting } });
    expect(engine.evaluate(depth(12), 0).fired.map((e) => e.ruleId)).toEqual(['queue-depth']);
    expect(engine.evaluate(depth(7), MIN).active.map((a) => a.ruleId)).toEqual(['queue-depth']);
    expect(engine.evaluate(depth(4), 2 * MIN).resolved.map((e) => e.ruleId)).toEqual([
      'queue-depth',
    ]);
  });
});
