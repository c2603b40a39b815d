/**
 * The rule engine with a fake clock: debounce, cooldown (and reminders), resolve,
 * silences and their expiry, unknown checks, and state save/restore. Each case is a
 * script of checks: at minute `t` the probe rule sees `breach` (subjects in breach, or
 * null = cannot tell) and the engine must send exactly `fired` / `resolved`.
 */
import { describe, expect, it } from 'vitest';
import { AlertEngine } from '../../src/actions/alerts/alert-engine.js';
import type { AlertRule } from '../../src/actions/alerts/alert-rule.js';
import type { AlertSilence } from '../../src/actions/alerts/alert-silence.js';
import { alertSnapshot } from '../helpers/alert-snapshot.js';

const MIN = 60_000;

interface Step {
  readonly t: number;
  readonly breach: readonly string[] | null;
  /** Subjects notified as firing; `x+` = a reminder (repeat). */
  readonly fired?: readonly string[];
  readonly resolved?: readonly string[];
  /** Subjects firing after the step (silenced ones included). */
  readonly active?: readonly string[];
  readonly silences?: readonly Omit<AlertSilence, 'id' | 'createdAt' | 'createdBy' | 'reason'>[];
}

interface Case {
  readonly name: string;
  readonly forChecks?: number;
  readonly cooldownMin?: number;
  readonly steps: readonly Step[];
}

function probeRule(
  forChecks: number,
  cooldownMs: number,
  breach: () => readonly string[] | null,
): AlertRule {
  return {
    id: 'probe',
    description: 'test rule',
    severity: 'critical',
    forChecks,
    cooldownMs,
    threshold: 'scripted',
    check: () => {
      const subjects = breach();
      return {
        findings:
          subjects === null ? null : subjects.map((s) => ({ subject: s, summary: `${s} broke` })),
      };
    },
  };
}

const cases: Case[] = [
  {
    name: 'debounce: fires on the 3rd consecutive check, then stays quiet inside the cooldown',
    forChecks: 3,
    steps: [
      { t: 0, breach: ['w1'], fired: [], active: [] },
      { t: 1, breach: ['w1'], fired: [], active: [] },
      { t: 2, breach: ['w1'], fired: ['w1'], active: ['w1'] },
      { t: 3, breach: ['w1'], fired: [], active: ['w1'] },
    ],
  },
  {
    name: 'debounce: a clear check resets the count',
    forChecks: 3,
    steps: [
      { t: 0, breach: ['w1'] },
      { t: 1, breach: ['w1'] },
      { t: 2, breach: [], fired: [], resolved: [] },
      { t: 3, breach: ['w1'], fired: [] },
      { t: 4, breach: ['w1'], fired: [] },
      { t: 5, breach: ['w1'], fired: ['w1'] },
    ],
  },
  {
    name: 'unknown checks neither advance, reset nor resolve',
    forChecks: 2,
    steps: [
      { t: 0, breach: ['w1'], fired: [] },
      { t: 1, breach: null, fired: [] },
      { t: 2, breach: ['w1'], fired: ['w1'] },
      { t: 3, breach: null, resolved: [], active: ['w1'] },
      { t: 4, breach: [], resolved: ['w1'], active: [] },
    ],
  },
  {
    name: 'cooldown: a reminder once the cooldown has passed while still firing',
    steps: [
      { t: 0, breach: ['q'], fired: ['q'] },
      { t: 10, breach: ['q'], fired: [] },
      { t: 29, breach: ['q'], fired: [] },
      { t: 30, breach: ['q'], fired: ['q+'] },
      { t: 31, breach: ['q'], fired: [] },
      { t: 60, breach: ['q'], fired: ['q+'] },
    ],
  },
  {
    name: 'resolve: a resolved notice when a notified alert clears',
    steps: [
      { t: 0, breach: ['q'], fired: ['q'] },
      { t: 5, breach: [], resolved: ['q'], active: [] },
      { t: 6, breach: [], resolved: [] },
    ],
  },
  {
    name: 'cooldown outlives the episode: flapping notifies once per cooldown',
    steps: [
      { t: 0, breach: ['q'], fired: ['q'] },
      { t: 5, breach: [], resolved: ['q'] },
      { t: 10, breach: ['q'], fired: [], active: ['q'] },
      // Never notified in this episode, so no resolved notice either.
      { t: 20, breach: [], resolved: [], active: [] },
      { t: 25, breach: ['q'], fired: [] },
      { t: 30, breach: ['q'], fired: ['q'] },
      { t: 31, breach: [], resolved: ['q'] },
    ],
  },
  {
    name: 'per subject: each container has its own debounce and cooldown',
    forChecks: 2,
    steps: [
      { t: 0, breach: ['a'] },
      { t: 1, breach: ['a', 'b'], fired: ['a'] },
      { t: 2, breach: ['a', 'b'], fired: ['b'], active: ['a', 'b'] },
      { t: 3, breach: ['b'], resolved: ['a'], active: ['b'] },
    ],
  },
  {
    name: 'silence: firing but silent, and no resolved notice for what was never sent',
    steps: [
      {
        t: 0,
        breach: ['q'],
        fired: [],
        active: ['q'],
        silences: [{ ruleId: 'probe', subject: null, until: 60 * MIN }],
      },
      { t: 30, breach: ['q'], fired: [] },
      { t: 40, breach: [], resolved: [], active: [] },
    ],
  },
  {
    name: 'silence expiry: the notice goes out at the first check after it ends',
    steps: [
      {
        t: 0,
        breach: ['q'],
        fired: [],
        silences: [{ ruleId: 'probe', subject: null, until: 20 * MIN }],
      },
      { t: 10, breach: ['q'], fired: [] },
      { t: 20, breach: ['q'], fired: ['q'] },
      { t: 21, breach: ['q'], fired: [] },
    ],
  },
  {
    name: 'silence of one subject leaves the others loud',
    steps: [
      {
        t: 0,
        breach: ['a', 'b'],
        fired: ['b'],
        active: ['a', 'b'],
        silences: [{ ruleId: 'probe', subject: 'a', until: 60 * MIN }],
      },
    ],
  },
  {
    name: 'a `*` silence covers every rule (maintenance)',
    steps: [
      {
        t: 0,
        breach: ['a'],
        fired: [],
        silences: [{ ruleId: '*', subject: null, until: 5 * MIN }],
      },
      { t: 5, breach: ['a'], fired: ['a'] },
    ],
  },
  {
    name: 'a silence of another rule does nothing',
    steps: [
      {
        t: 0,
        breach: ['a'],
        fired: ['a'],
        silences: [{ ruleId: 'other', subject: null, until: 60 * MIN }],
      },
    ],
  },
  {
    name: 'silenced while firing: the resolved notice is held back too',
    steps: [
      { t: 0, breach: ['a'], fired: ['a'] },
      {
        t: 5,
        breach: [],
        resolved: [],
        silences: [{ ruleId: 'probe', subject: null, until: 60 * MIN }],
      },
    ],
  },
];

describe('AlertEngine', () => {
  it.each(cases)('$name', (c) => {
    let breach: readonly string[] | null = [];
    const engine = new AlertEngine([
      probeRule(c.forChecks ?? 1, (c.cooldownMin ?? 30) * MIN, () => breach),
    ]);
    for (const step of c.steps) {
      const now = step.t * MIN;
      if (step.silences !== undefined) {
        const silences: AlertSilence[] = step.silences.map((s, i) => ({
          ...s,
          id: `s${i}`,
          createdAt: now,
          createdBy: null,
          reason: null,
        }));
        engine.setSilences(silences);
      }
      breach = step.breach;
      const result = engine.evaluate(alertSnapshot(), now);
      const label = `t=${step.t}`;
      if (step.fired !== undefined) {
        expect(
          result.fired.map((e) => `${e.subject}${e.repeat ? '+' : ''}`),
          label,
        ).toEqual(step.fired);
      }
      if (step.resolved !== undefined) {
        expect(
          result.resolved.map((e) => e.subject),
          label,
        ).toEqual(step.resolved);
      }
      if (step.active !== undefined) {
        expect(result.active.map((a) => a.subject).sort(), label).toEqual([...step.active].sort());
      }
    }
  });

  it('reports pending (debouncing) subjects with their count', () => {
    const engine = new AlertEngine([probeRule(3, 30 * MIN, () => ['w1'])]);
    engine.evaluate(alertSnapshot(), 0);
    const result = engine.evaluate(alertSnapshot(), MIN);
    expect(result.pending).toEqual([
      { ruleId: 'probe', subject: 'w1', summary: 'w1 broke', checks: 2, forChecks: 3, since: 0 },
    ]);
    expect(result.active).toEqual([]);
  });

  it('fills events with rule, severity, target and the episode start', () => {
    const engine = new AlertEngine([probeRule(2, 30 * MIN, () => ['w1'])]);
    engine.evaluate(alertSnapshot({ target: 'prod' }), 0);
    const { fired, active } = engine.evaluate(alertSnapshot({ target: 'prod' }), MIN);
    expect(fired).toEqual([
      {
        kind: 'firing',
        ruleId: 'probe',
        subject: 'w1',
        severity: 'critical',
        summary: 'w1 broke',
        target: 'prod',
        at: MIN,
        since: 0,
        repeat: false,
      },
    ]);
    expect(active[0]).toMatchObject({
      since: 0,
      firedAt: MIN,
      notified: true,
      silencedUntil: null,
    });
  });

  it('continues from a saved state: no second notice inside the cooldown after a restart', () => {
    const rule = probeRule(1, 30 * MIN, () => ['q']);
    const first = new AlertEngine([rule]);
    expect(first.evaluate(alertSnapshot(), 0).fired).toHaveLength(1);
    const saved = JSON.parse(JSON.stringify(first.getState())) as ReturnType<
      AlertEngine['getState']
    >;

    const second = new AlertEngine([rule]);
    second.restoreState(saved);
    expect(second.evaluate(alertSnapshot(), 10 * MIN).fired).toEqual([]);
    expect(second.evaluate(alertSnapshot(), 30 * MIN).fired.map((e) => e.repeat)).toEqual([true]);
  });

  it('drops saved state of rules that are no longer configured', () => {
    const engine = new AlertEngine([probeRule(1, MIN, () => ['q'])]);
    engine.restoreState({
      subjects: [
        {
          ruleId: 'gone',
          subject: 'x',
          checks: 1,
          since: 0,
          summary: 'x',
          firing: true,
          firedAt: 0,
          notified: true,
          lastNotifiedAt: 0,
        },
      ],
      memory: { gone: { a: [1] } },
      silences: [],
    });
    expect(engine.getState().subjects).toEqual([]);
    expect(engine.getState().memory).toEqual({});
  });

  it('orders active alerts critical first, then oldest first', () => {
    let warn: string[] = [];
    const engine = new AlertEngine([
      { ...probeRule(1, MIN, () => warn), id: 'warn', severity: 'warning' },
      { ...probeRule(1, MIN, () => ['c']), id: 'crit' },
    ]);
    warn = ['w'];
    engine.evaluate(alertSnapshot(), 0);
    const { active } = engine.evaluate(alertSnapshot(), MIN);
    expect(active.map((a) => `${a.ruleId}/${a.subject}`)).toEqual(['crit/c', 'warn/w']);
  });

  it('refuses duplicate rule ids', () => {
    const rule = probeRule(1, MIN, () => []);
    expect(() => new AlertEngine([rule, rule])).toThrow(/duplicate alert rule id probe/);
  });
});
