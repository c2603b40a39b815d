import { describe, expect, it } from 'vitest';
import type { Action, ActionPreview, ActionResult } from '../../src/actions/action.js';
import { ActionGate } from '../../src/actions/action-gate.js';

/** A promise and its resolve/reject, for a run the test finishes when it wants. */
function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A fake action: each `run` records its plan and waits on a promise the test settles
 * through `finish` (or `fail`). `runs` is shared, so two sessions' copies can be counted.
 */
class FakeAction implements Action<string> {
  readonly label: string;
  private pending: ReturnType<typeof deferred<ActionResult>>[] = [];

  constructor(
    readonly id: string,
    readonly target: string,
    readonly runs: string[] = [],
  ) {
    this.label = `${id} ${target}`;
  }

  preview(): Promise<ActionPreview<string>> {
    return Promise.resolve({
      summary: this.label,
      details: [],
      confirmWord: null,
      empty: false,
      plan: `plan of ${this.label}`,
    });
  }

  run(plan: string): Promise<ActionResult> {
    this.runs.push(plan);
    const run = deferred<ActionResult>();
    this.pending.push(run);
    return run.promise;
  }

  /** Settles the oldest pending run. */
  finish(summary = 'restarted 3 replicas'): void {
    this.pending.shift()?.resolve({ ok: true, summary, items: [] });
  }

  fail(message: string): void {
    this.pending.shift()?.reject(new Error(message));
  }
}

/** Lets the gate's awaits run (the preview, the join). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ActionGate: one run for concurrent confirmations', () => {
  it('two sessions confirming the same action at once get one run and both results', async () => {
    const gate = new ActionGate();
    const runs: string[] = [];
    const inAlice = new FakeAction('restart', 'worker_wrapper', runs);
    const inBob = new FakeAction('restart', 'worker_wrapper', runs);
    const alice = gate.wrap(inAlice, 'alice@laptop');
    const bob = gate.wrap(inBob, 'bob@desk');

    const alicePlan = await alice.preview();
    const bobPlan = await bob.preview();
    expect(alicePlan.plan.inner).toBe('plan of restart worker_wrapper');

    const first = alice.run(alicePlan.plan);
    const second = bob.run(bobPlan.plan);
    await settle();
    expect(runs).toHaveLength(1);

    inAlice.finish('restarted 3 replicas');
    const [a, b] = await Promise.all([first, second]);
    expect(runs).toHaveLength(1);
    expect(a).toEqual({ ok: true, summary: 'restarted 3 replicas', items: [] });
    expect(b.ok).toBe(true);
    expect(b.summary).toMatch(/^not repeated: /);
    expect(b.summary).toContain('alice@laptop');
    expect(b.summary).toContain('restarted 3 replicas');
  });

  it('a preview taken before a run finished does not run again afterwards', async () => {
    const gate = new ActionGate();
    const inner = new FakeAction('cleanup-stuck', 'jobs');
    const alice = gate.wrap(inner, 'alice');
    const bob = gate.wrap(inner, 'bob');
    const alicePlan = await alice.preview();
    const bobPlan = await bob.preview();

    const first = alice.run(alicePlan.plan);
    inner.finish('cleaned 4 jobs');
    await first;

    const late = await bob.run(bobPlan.plan);
    expect(inner.runs).toHaveLength(1);
    expect(late.summary).toMatch(/^not repeated: alice /);
  });

  it('a preview taken while a run is in flight does not run again either', async () => {
    const gate = new ActionGate();
    const inner = new FakeAction('cleanup-stuck', 'jobs');
    const alice = gate.wrap(inner, 'alice');
    const bob = gate.wrap(inner, 'bob');

    const first = alice.run((await alice.preview()).plan);
    const bobPlan = await bob.preview(); // while alice's run is going
    inner.finish();
    await first;

    const late = await bob.run(bobPlan.plan);
    expect(inner.runs).toHaveLength(1);
    expect(late.summary).toMatch(/^not repeated: alice /);
  });

  it('a preview taken after the first run finished is a new decision and runs', async () => {
    const gate = new ActionGate();
    const inner = new FakeAction('restart', 'worker_wrapper');
    const alice = gate.wrap(inner, 'alice');
    const bob = gate.wrap(inner, 'bob');

    const first = alice.run((await alice.preview()).plan);
    inner.finish('first');
    await first;

    const again = bob.run((await bob.preview()).plan);
    await settle();
    expect(inner.runs).toHaveLength(2);
    inner.finish('second');
    expect((await again).summary).toBe('second');
  });

  it('does not block another target, nor another action on the same target', async () => {
    const gate = new ActionGate();
    const runs: string[] = [];
    const web = new FakeAction('restart', 'web', runs);
    const worker = new FakeAction('restart', 'worker_wrapper', runs);
    const logs = new FakeAction('cleanup-logs', 'worker_wrapper', runs);
    const wrapped = [gate.wrap(web, 'alice'), gate.wrap(worker, 'bob'), gate.wrap(logs, 'carol')];
    const plans = await Promise.all(wrapped.map((a) => a.preview()));

    const results = wrapped.map((a, i) => {
      const plan = plans[i];
      if (plan === undefined) throw new Error('no plan');
      return a.run(plan.plan);
    });
    await settle();
    expect(runs).toEqual([
      'plan of restart web',
      'plan of restart worker_wrapper',
      'plan of cleanup-logs worker_wrapper',
    ]);
    web.finish('web done');
    worker.finish('worker done');
    logs.finish('logs done');
    expect((await Promise.all(results)).map((r) => r.summary)).toEqual([
      'web done',
      'worker done',
      'logs done',
    ]);
  });
});

describe('ActionGate: a run that fails', () => {
  it('throws to the caller that ran it; a concurrent joiner gets ok:false', async () => {
    const gate = new ActionGate();
    const inner = new FakeAction('restart', 'worker_wrapper');
    const alice = gate.wrap(inner, 'alice');
    const bob = gate.wrap(inner, 'bob');
    const alicePlan = await alice.preview();
    const bobPlan = await bob.preview();

    const first = alice.run(alicePlan.plan);
    const second = bob.run(bobPlan.plan);
    const firstOutcome = first.then(
      () => 'resolved',
      (error: unknown) => (error instanceof Error ? error.message : 'not an Error'),
    );
    inner.fail('docker: connection refused');

    expect(await firstOutcome).toBe('docker: connection refused');
    const joined = await second;
    expect(joined.ok).toBe(false);
    expect(joined.summary).toMatch(/^not repeated: alice /);
    expect(joined.summary).toContain('docker: connection refused');
    expect(inner.runs).toHaveLength(1);
  });

  it('after a failure, a new preview may run again', async () => {
    const gate = new ActionGate();
    const inner = new FakeAction('restart', 'worker_wrapper');
    const alice = gate.wrap(inner, 'alice');

    const first = alice.run((await alice.preview()).plan);
    inner.fail('boom');
    await expect(first).rejects.toThrow('boom');

    const retry = alice.run((await alice.preview()).plan);
    await settle();
    expect(inner.runs).toHaveLength(2);
    inner.finish('ok now');
    expect((await retry).ok).toBe(true);
  });
});
