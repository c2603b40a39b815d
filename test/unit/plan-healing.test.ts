import { describe, expect, it } from 'vitest';
import { emptyHealingState, type HealingState } from '../../src/actions/healing/healing-state.js';
import { planHealing, type HealingPolicy } from '../../src/actions/healing/plan-healing.js';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import { alertContainer } from '../helpers/alert-container.js';
import { alertSnapshot } from '../helpers/alert-snapshot.js';

const policy: HealingPolicy = {
  thresholds: thresholdsSchema.parse({}),
  restartBudget: 3,
  budgetWindowMs: 3_600_000,
  staleWaitingMs: 86_400_000,
  cleanupKinds: ['stuck', 'stale-waiting', 'dead-workers'],
  idleAfterMs: 120_000,
};
const MIN = 60_000;
const exited = alertContainer('worker-1', { state: 'exited', status: 'Exited (137) 1 minute ago' });

/** Runs `checks` consecutive checks one minute apart on the same snapshot. */
function run(
  snapshotAt: (t: number) => ReturnType<typeof alertSnapshot>,
  checks: number,
  state: HealingState = emptyHealingState,
) {
  const kinds: string[][] = [];
  let s = state;
  for (let i = 0; i < checks; i++) {
    const t = i * MIN;
    const plan = planHealing(snapshotAt(t), s, policy, t);
    s = plan.state;
    kinds.push(plan.intents.map((x) => x.kind));
  }
  return { kinds, state: s };
}

describe('planHealing', () => {
  it('restarts a worker container only after 3 consecutive failed checks', () => {
    const { kinds } = run((t) => alertSnapshot({ containers: [exited] }, t), 3);
    expect(kinds).toEqual([[], [], ['restart-container']]);
  });

  it('a container that recovers resets its count', () => {
    const running = alertContainer('worker-1');
    const snaps = [exited, exited, running, exited, exited];
    let s = emptyHealingState;
    const out: number[] = [];
    snaps.forEach((c, i) => {
      const plan = planHealing(alertSnapshot({ containers: [c] }, i * MIN), s, policy, i * MIN);
      s = plan.state;
      out.push(plan.intents.length);
    });
    expect(out).toEqual([0, 0, 0, 0, 0]);
  });

  it('restarts a worker over the memory limit', () => {
    const fat = alertContainer('worker-2', { memoryMiB: 700 });
    const plan = planHealing(alertSnapshot({ containers: [fat] }), emptyHealingState, policy, 0);
    expect(plan.intents).toEqual([
      expect.objectContaining({
        kind: 'restart-container',
        containerName: 'worker-2',
        reason: expect.stringMatching(/700 MiB, over 500 MB/) as string,
      }),
    ]);
  });

  it('keeps within the restart budget, reports exhaustion once, and refills after the window', () => {
    const fat = alertContainer('worker-2', { memoryMiB: 700 });
    const { kinds, state } = run((t) => alertSnapshot({ containers: [fat] }, t), 6);
    expect(kinds).toEqual([
      ['restart-container'],
      ['restart-container'],
      ['restart-container'],
      ['budget-exhausted'],
      [],
      [],
    ]);
    const later = planHealing(
      alertSnapshot({ containers: [fat] }, 70 * MIN),
      state,
      policy,
      70 * MIN,
    );
    expect(later.intents.map((x) => x.kind)).toEqual(['restart-container']);
  });

  it('restarts running workers after 3 checks of jobs waiting with none running (a wedged loop)', () => {
    const w = alertContainer('worker-1');
    const waitingJob = (t: number) => ({
      id: 'j',
      type: null,
      status: 'pending',
      group: null,
      groupLabel: null,
      worker: null,
      createdAt: t - 600_000,
      startedAt: null,
      ageSeconds: 600,
    });
    const idle = (t: number) =>
      alertSnapshot(
        {
          containers: [w],
          queue: { at: t, waiting: 3, inFlight: 0, oldestWaiting: waitingJob(t) },
        },
        t,
      );
    expect(run(idle, 3).kinds).toEqual([[], [], ['restart-container']]);
    // Jobs running: nothing is wedged.
    const busy = (t: number) =>
      alertSnapshot(
        {
          containers: [w],
          queue: { at: t, waiting: 3, inFlight: 1, oldestWaiting: waitingJob(t) },
        },
        t,
      );
    expect(run(busy, 4).kinds.flat()).toEqual([]);
  });

  it('without heartbeats, fails a started job whose job container is gone, after 3 checks — only when job containers are visible at all', () => {
    const started = (id: string) => ({
      id,
      type: 'package',
      status: 'started',
      group: null,
      groupLabel: null,
      worker: null,
      createdAt: 0,
      startedAt: 0,
      ageSeconds: 600,
    });
    const jobContainer = alertContainer('qgis-a', {
      role: 'job',
      job: { id: 'job-a', type: 'package', projectId: null },
    });
    const snap = (t: number, jobs: (typeof jobContainer)[]) =>
      alertSnapshot(
        {
          containers: [alertContainer('worker-1'), ...jobs],
          queue: {
            at: t,
            workers: null,
            running: [started('job-a'), started('job-b')],
            inFlight: 2,
          },
        },
        t,
      );
    const withJobs = run((t) => snap(t, [jobContainer]), 3);
    expect(withJobs.kinds).toEqual([[], [], ['fail-orphans']]);
    const last = planHealing(
      snap(3 * MIN, [jobContainer]),
      run((t) => snap(t, [jobContainer]), 2).state,
      policy,
      3 * MIN,
    );
    expect(last.intents).toEqual([
      expect.objectContaining({ kind: 'fail-orphans', ids: ['job-b'] }),
    ]);
    // No job container anywhere: the label config may not match — nothing is proven.
    expect(run((t) => snap(t, []), 4).kinds.flat()).toEqual([]);
  });

  it('fails jobs that waited more than 24 h, and asks for the dead-worker cleanup only with a silent worker holding jobs', () => {
    const now = 200_000_000;
    const old = {
      id: 'j',
      type: null,
      status: 'pending',
      group: null,
      groupLabel: null,
      worker: null,
      createdAt: now - 25 * 3_600_000,
      startedAt: null,
      ageSeconds: 25 * 3600,
    };
    const stale = planHealing(
      alertSnapshot({ queue: { at: now, oldestWaiting: old, waiting: 1 } }, now),
      emptyHealingState,
      policy,
      now,
    );
    expect(stale.intents).toEqual([
      expect.objectContaining({ kind: 'cleanup', cleanup: 'stale-waiting' }),
    ]);
    const w = (state: 'active' | 'stale', runningJobs: number) => ({
      id: `w-${state}`,
      lastHeartbeatAt: 0,
      ageSeconds: 0,
      state,
      runningJobs,
    });
    const live = planHealing(
      alertSnapshot({ queue: { at: now, workers: [w('active', 1)] } }, now),
      emptyHealingState,
      policy,
      now,
    );
    expect(live.intents).toEqual([]);
    const dead = planHealing(
      alertSnapshot({ queue: { at: now, workers: [w('stale', 1)] } }, now),
      emptyHealingState,
      policy,
      now,
    );
    expect(dead.intents).toEqual([
      expect.objectContaining({ kind: 'cleanup', cleanup: 'dead-workers' }),
    ]);
    const idleDead = planHealing(
      alertSnapshot({ queue: { at: now, workers: [w('stale', 0)] } }, now),
      emptyHealingState,
      policy,
      now,
    );
    expect(idleDead.intents).toEqual([]);
  });
});
