/**
 * Alert state in a real SQLite file (node:sqlite): the monitor is "restarted" by closing
 * the store and building a new monitor on a reopened file, with a fake clock. A restart
 * inside a cooldown sends nothing again; debounce counters, rule memory and silences
 * survive; a silence written by another process (the CLI) is seen at the next check;
 * a failed save leaves the previous state whole.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertsConfigSchema } from '../../src/config/alerts-config-schema.js';
import type { AlertSubjectState } from '../../src/actions/alerts/alert-engine-state.js';
import { AlertMonitor } from '../../src/actions/alerts/alert-monitor.js';
import { AlertStateStore } from '../../src/actions/alerts/alert-state-store.js';
import { buildAlertRules } from '../../src/actions/alerts/build-alert-rules.js';
import { logFileChannel } from '../../src/actions/alerts/channels/log-file-channel.js';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import { alertContainer } from '../helpers/alert-container.js';
import { alertSnapshot } from '../helpers/alert-snapshot.js';

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
const dir = mkdtempSync(join(tmpdir(), 'jobdeck-alert-state-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const rules = buildAlertRules(alertsConfigSchema.parse({}), thresholdsSchema.parse({}));
const deep = alertSnapshot({ queue: { waiting: 25 } });
const calm = alertSnapshot({ queue: { waiting: 0 } });
const workerDown = alertSnapshot({
  containers: [alertContainer('w-1', { state: 'exited', exitCode: 1 })],
});

/** A monitor process: its own store connection on the file, its own clock. */
function startMonitor(name: string, clock: { now: number }) {
  const store = AlertStateStore.open(join(dir, `${name}.db`));
  const log = join(dir, `${name}.jsonl`);
  const monitor = new AlertMonitor({
    rules,
    channels: [logFileChannel(log)],
    store,
    now: () => clock.now,
  });
  return { monitor, store, lines: () => readLines(log) };
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const e = JSON.parse(l) as { kind: string; rule: string; subject: string; repeat: boolean };
        return `${e.kind}${e.repeat ? '+' : ''} ${e.rule} ${e.subject}`;
      });
  } catch {
    return [];
  }
}

describe('alert state across monitor restarts', () => {
  it('a restart inside the cooldown does not send the alert again', async () => {
    const clock = { now: T0 };
    const first = startMonitor('cooldown', clock);
    const fired = await first.monitor.check(deep);
    expect(fired.evaluation.fired.map((e) => e.ruleId)).toEqual(['queue-depth']);
    expect(fired.deliveries.map((d) => [d.channel, d.ok])).toEqual([['log', true]]);
    first.store.close();

    clock.now = T0 + 10 * MIN;
    const second = startMonitor('cooldown', clock);
    const after = await second.monitor.check(deep);
    expect(after.evaluation.fired).toEqual([]);
    expect(after.evaluation.active.map((a) => a.ruleId)).toEqual(['queue-depth']);
    expect(after.deliveries).toEqual([]);
    expect(second.lines()).toEqual(['firing queue-depth queue']);

    // Past the cooldown, the still-firing alert is a reminder, not a new alert.
    clock.now = T0 + 30 * MIN;
    await second.monitor.check(deep);
    expect(second.lines()).toEqual(['firing queue-depth queue', 'firing+ queue-depth queue']);
    second.store.close();
  });

  it('a relapse after a restart, still inside the cooldown, stays quiet', async () => {
    const clock = { now: T0 };
    const first = startMonitor('relapse', clock);
    await first.monitor.check(deep);
    clock.now += 5 * MIN;
    await first.monitor.check(calm);
    first.store.close();

    clock.now += 5 * MIN;
    const second = startMonitor('relapse', clock);
    const relapse = await second.monitor.check(deep);
    expect(relapse.evaluation.fired).toEqual([]);
    expect(second.lines()).toEqual(['firing queue-depth queue', 'resolved queue-depth queue']);
    second.store.close();
  });

  it('debounce counters survive: 2 checks, restart, the 3rd check fires', async () => {
    const clock = { now: T0 };
    const first = startMonitor('debounce', clock);
    await first.monitor.check(workerDown);
    clock.now += MIN;
    const second = await first.monitor.check(workerDown);
    expect(second.evaluation.pending.map((p) => [p.ruleId, p.checks])).toEqual([
      ['worker-not-running', 2],
    ]);
    first.store.close();

    clock.now += MIN;
    const restarted = startMonitor('debounce', clock);
    const third = await restarted.monitor.check(workerDown);
    expect(third.evaluation.fired.map((e) => [e.ruleId, e.subject, e.since])).toEqual([
      ['worker-not-running', 'w-1', T0],
    ]);
    restarted.store.close();
  });

  it('crash-loop memory survives: restarts seen before and after a restart add up', async () => {
    const clock = { now: T0 };
    const restarts = (n: number) =>
      alertSnapshot({ containers: [alertContainer('w-1', { restartCount: n })] });
    const first = startMonitor('crash', clock);
    await first.monitor.check(restarts(0));
    clock.now += MIN;
    await first.monitor.check(restarts(2));
    first.store.close();

    clock.now += MIN;
    const second = startMonitor('crash', clock);
    const result = await second.monitor.check(restarts(3));
    expect(result.evaluation.fired.map((e) => [e.ruleId, e.subject])).toEqual([
      ['crash-loop', 'w-1'],
    ]);
    second.store.close();
  });
});

describe('silences', () => {
  it('a silence written by another process is honoured at the next check and survives a restart', async () => {
    const clock = { now: T0 };
    const running = startMonitor('silence', clock);
    // `jobdeck silence queue-depth --for 2h`, from another process on the same file.
    const cli = AlertStateStore.open(join(dir, 'silence.db'));
    const silence = cli.addSilence({
      ruleId: 'queue-depth',
      until: T0 + 120 * MIN,
      now: T0,
      createdBy: 'ops',
      reason: 'backfill',
    });
    cli.close();

    const silenced = await running.monitor.check(deep);
    expect(silenced.evaluation.fired).toEqual([]);
    expect(silenced.evaluation.active.map((a) => [a.ruleId, a.silencedUntil])).toEqual([
      ['queue-depth', T0 + 120 * MIN],
    ]);
    running.store.close();

    clock.now = T0 + 60 * MIN;
    const restarted = startMonitor('silence', clock);
    expect(restarted.store.listSilences(clock.now)).toEqual([silence]);
    expect((await restarted.monitor.check(deep)).evaluation.fired).toEqual([]);

    // The silence ends: the alert, never sent, goes out at the first check after.
    clock.now = T0 + 120 * MIN;
    expect((await restarted.monitor.check(deep)).evaluation.fired.map((e) => e.ruleId)).toEqual([
      'queue-depth',
    ]);
    expect(restarted.store.listSilences(clock.now)).toEqual([]);
    expect(restarted.lines()).toEqual(['firing queue-depth queue']);
    restarted.store.close();
  });

  it('removeSilence ends silences by id or by rule', () => {
    const store = AlertStateStore.open(join(dir, 'unsilence.db'));
    const a = store.addSilence({ ruleId: 'queue-depth', until: T0 + MIN, now: T0 });
    store.addSilence({ ruleId: 'crash-loop', subject: 'w-1', until: T0 + MIN, now: T0 });
    store.addSilence({ ruleId: 'crash-loop', subject: 'w-2', until: T0 + MIN, now: T0 });
    expect(store.removeSilence(a.id)).toBe(1);
    expect(store.removeSilence('crash-loop')).toBe(2);
    expect(store.listSilences(T0)).toEqual([]);
    store.close();
  });
});

describe('atomic saves', () => {
  it('a save that fails half-way leaves the previous state whole', async () => {
    const clock = { now: T0 };
    const m = startMonitor('atomic', clock);
    await m.monitor.check(deep);
    const before = m.store.load(clock.now);
    expect(before.subjects).toHaveLength(1);

    const good = before.subjects[0] as AlertSubjectState;
    // The second row violates NOT NULL: the DELETE and the first INSERT must roll back.
    const broken = [
      { ...good, subject: 'other' },
      { ...good, summary: null as unknown as string },
    ];
    expect(() => {
      m.store.save({ subjects: broken, memory: {} });
    }).toThrow(/NOT NULL/);
    expect(m.store.load(clock.now)).toEqual(before);
    m.store.close();
  });

  it('a state file that cannot be written does not stop the alert; the check reports it', async () => {
    const clock = { now: T0 };
    const m = startMonitor('broken', clock);
    m.store.close(); // every read and write now fails
    const result = await m.monitor.check(deep);
    expect(result.evaluation.fired.map((e) => e.ruleId)).toEqual(['queue-depth']);
    expect(result.deliveries.map((d) => [d.channel, d.ok])).toEqual([['log', true]]);
    expect(result.stateError).toMatch(/^reading silences: .*; saving alert state: .*not open/);
  });

  it('keeps everything in one file under XDG_STATE_HOME by default', async () => {
    const { defaultStateDbPath } = await import('../../src/sinks/history/default-state-db-path.js');
    expect(defaultStateDbPath({ XDG_STATE_HOME: '/var/lib/x' })).toBe(
      '/var/lib/x/jobdeck/state.db',
    );
    expect(defaultStateDbPath({ HOME: '/home/ops' })).toBe(
      '/home/ops/.local/state/jobdeck/state.db',
    );
  });
});
