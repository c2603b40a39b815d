import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Action, ActionResult } from '../../src/actions/action.js';
import { AuditLog } from '../../src/actions/audit-log.js';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import { ActionTracker } from '../../src/ui/action-tracker.js';
import { App } from '../../src/ui/App.js';
import type { DashboardActions } from '../../src/ui/dashboard-actions.js';
import { createTheme } from '../../src/ui/theme.js';
import {
  appSnapshot,
  container,
  dockerWithWorkers,
  NOW,
  queueSnapshot,
  resources,
  stuckJob,
} from './helpers/build-snapshot.js';
import { RecordingAction } from './helpers/recording-action.js';
import { TestStore } from './helpers/test-store.js';
import { plain, settle, waitForFrame } from './helpers/wait-for-frame.js';

const KEYS = {
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  down: '\u001B[B',
  up: '\u001B[A',
  backspace: '\u007F',
};
const c1 = container({ number: 1 });
const c2 = container({ number: 2 });

interface Harness {
  store: TestStore;
  audit: AuditLog;
  tracker: ActionTracker;
  restarts: RecordingAction[];
  restartTargets: string[];
  serviceRestarts: RecordingAction[];
  cleanups: RecordingAction[];
  stdin: { write: (data: string) => void };
  lastFrame: () => string | undefined;
  frame: (ok: (text: string) => boolean) => Promise<string>;
  press: (key: string, until: (text: string) => boolean) => Promise<string>;
  auditLines: () => { action: string; target: string; result: string; ok: boolean }[];
}

function setup(
  options: {
    readOnly?: boolean;
    actions?: 'all' | 'none';
    snapshot?: ReturnType<typeof appSnapshot>;
    extraActions?: DashboardActions;
    readOnlyReason?: string;
  } = {},
): Harness {
  const snapshot = options.snapshot ?? appSnapshot({ readOnly: options.readOnly ?? false });
  const store = new TestStore(snapshot);
  const audit = new AuditLog(join(mkdtempSync(join(tmpdir(), 'jobdeck-ui-')), 'audit.jsonl'));
  const tracker = new ActionTracker();
  const restarts: RecordingAction[] = [];
  const restartTargets: string[] = [];
  const serviceRestarts: RecordingAction[] = [];
  const cleanups: RecordingAction[] = [];
  const actions: DashboardActions =
    options.actions === 'none'
      ? {}
      : {
          restartContainer: (id) => {
            restartTargets.push(id);
            const name = [c1, c2, container({ number: 3 })].find((c) => c.id === id)?.name ?? id;
            const action = new RecordingAction('restart', `container ${name}`, `restart ${name}`, {
              summary: `restart container ${name} (running)`,
              details: [`POST /containers/${id.slice(0, 12)}/restart?t=10`],
              confirmWord: null,
              empty: false,
            });
            restarts.push(action);
            return action;
          },
          restartService: (key) => {
            const action = new RecordingAction('restart', `service ${key}`, `restart ${key}`, {
              summary: `restart ${key}: 3 replicas, one by one`,
              details: [
                'POST /containers/…1/restart',
                'POST /containers/…2/restart',
                'POST /containers/…3/restart',
              ],
              confirmWord: 'worker_wrapper',
              empty: false,
            });
            serviceRestarts.push(action);
            return action;
          },
          cleanupStuck: () => {
            const action = new RecordingAction(
              'cleanup-stuck',
              'qfieldcloud queue',
              'clean up stuck jobs',
              {
                summary: 'mark 2 stuck jobs failed (oldest 14m)',
                details: [
                  '6f43af8e-…  queued  12m  queued 12m ago and never started',
                  '9a1b2c3d-…  started  14m  started 14m ago, timeout 10m10s',
                  "statement: UPDATE core_job SET status = 'failed' WHERE id = ANY($1) AND …",
                ],
                confirmWord: 'cleanup',
                empty: false,
              },
            );
            cleanups.push(action);
            return action;
          },
          ...options.extraActions,
        };
  const instance = render(
    <App
      store={store}
      actions={actions}
      audit={audit}
      actor={{ user: 'alice', from: '203.0.113.7', via: 'dashboard' }}
      tracker={tracker}
      theme={createTheme({ color: false, ascii: false })}
      thresholds={thresholdsSchema.parse({})}
      size={{ columns: 100, rows: 30 }}
      now={() => NOW}
      {...(options.readOnlyReason === undefined ? {} : { readOnlyReason: options.readOnlyReason })}
    />,
  );
  const frame = (ok: (text: string) => boolean): Promise<string> =>
    waitForFrame(instance.lastFrame, ok);
  return {
    store,
    audit,
    tracker,
    restarts,
    restartTargets,
    serviceRestarts,
    cleanups,
    stdin: instance.stdin,
    lastFrame: instance.lastFrame,
    frame,
    press: async (key, until) => {
      instance.stdin.write(key);
      return frame(until);
    },
    auditLines: () =>
      existsSync(audit.path)
        ? readFileSync(audit.path, 'utf8')
            .trim()
            .split('\n')
            .map(
              (l) =>
                JSON.parse(l) as { action: string; target: string; result: string; ok: boolean },
            )
        : [],
  };
}

afterEach(() => {
  cleanup();
});

describe('restart (r)', () => {
  it('r → a y/n dialog naming the container → y runs the restart of that container, audited', async () => {
    const h = setup();
    await h.frame(
      (t) => t.includes('[ Workers (Tab: services, alerts) ]') && t.includes('worker_wrapper-1'),
    );
    const dialog = await h.press('r', (t) => t.includes('press y to run it'));
    expect(dialog).toContain('Confirm: restart container qfieldcloud-worker_wrapper-1');
    expect(dialog).toContain('restart container qfieldcloud-worker_wrapper-1 (running)');
    expect(dialog).toContain(`POST /containers/${c1.id.slice(0, 12)}/restart?t=10`);
    expect(h.restartTargets).toEqual([c1.id]);
    expect(h.restarts[0]?.runs).toEqual([]);

    await h.press('y', (t) => t.includes('restart qfieldcloud-worker_wrapper-1: done'));
    expect(h.restarts[0]?.runs).toEqual([{ target: `container ${c1.name}` }]);
    await h.tracker.settled();
    expect(h.auditLines()).toMatchObject([
      {
        action: 'restart',
        target: `container ${c1.name}`,
        result: 'restart qfieldcloud-worker_wrapper-1: done',
        ok: true,
      },
    ]);
  });

  it('acts on the selected row: j then r restarts the second replica', async () => {
    const h = setup();
    await h.frame((t) => t.includes('worker_wrapper-2'));
    await h.press('j', () => true);
    await settle();
    await h.press('r', (t) => t.includes('press y to run it'));
    expect(h.restartTargets).toEqual([c2.id]);
  });

  it.each([
    ['n', 'n'],
    ['Esc', KEYS.escape],
  ])('%s cancels: nothing runs and nothing is audited', async (_name, key) => {
    const h = setup();
    await h.frame((t) => t.includes('worker_wrapper-1'));
    await h.press('r', (t) => t.includes('press y to run it'));
    const after = await h.press(key, (t) => !t.includes('press y to run it'));
    expect(after).toContain('cancelled');
    await h.tracker.settled();
    expect(h.restarts[0]?.runs).toEqual([]);
    expect(h.auditLines()).toEqual([]);
  });

  it('while the dialog is open it takes every key and the rows behind it stop moving', async () => {
    const h = setup();
    await h.frame((t) => t.includes('12%'));
    await h.press('r', (t) => t.includes('press y to run it'));
    // A refresh arrives: CPU changes. The frozen screen keeps the old numbers.
    const busy = container({ number: 1, resources: resources({ cpuPercent: 87 }) });
    const docker = dockerWithWorkers([busy, c2, container({ number: 3 })]);
    h.store.set(appSnapshot({ docker: { status: 'ok', at: NOW, data: docker } }));
    h.stdin.write('j');
    h.stdin.write('?');
    await settle();
    const frozen = plain(h.lastFrame());
    expect(frozen).toContain('press y to run it');
    expect(frozen).not.toContain('87%');
    expect(frozen).not.toContain('show this help');
    await h.press(KEYS.escape, (t) => t.includes('87%'));
    expect(h.restarts[0]?.runs).toEqual([]);
  });

  it('R on a worker restarts its whole service after typing the service name', async () => {
    const h = setup();
    await h.frame((t) => t.includes('worker_wrapper-1'));
    const dialog = await h.press('R', (t) => t.includes('type worker_wrapper and press Enter'));
    expect(dialog).toContain('restart qfieldcloud/worker_wrapper: 3 replicas, one by one');
    // y is just a letter here.
    await h.press('y', (t) => t.includes('(Esc cancels): y▌'));
    await h.press(KEYS.backspace, (t) => t.includes('(Esc cancels): ▌'));
    h.stdin.write('worker_wrapper');
    await h.frame((t) => t.includes(': worker_wrapper▌'));
    await h.press(KEYS.enter, (t) => t.includes('restart qfieldcloud/worker_wrapper: done'));
    expect(h.serviceRestarts[0]?.runs).toEqual([{ target: 'service qfieldcloud/worker_wrapper' }]);
  });
});

describe('cleanup (c)', () => {
  it('shows the count, the ages and the statement, and runs only after the typed word', async () => {
    const snapshot = appSnapshot({
      queue: { status: 'ok', at: NOW, data: queueSnapshot({ stuck: [stuckJob()] }) },
    });
    const h = setup({ snapshot });
    await h.frame((t) => t.includes('stuck 1'));
    const dialog = await h.press('c', (t) => t.includes('type cleanup and press Enter'));
    expect(dialog).toContain('mark 2 stuck jobs failed (oldest 14m)');
    expect(dialog).toContain('started 14m ago, timeout 10m10s');
    expect(dialog).toContain("statement: UPDATE core_job SET status = 'failed'");
    await h.press('y', (t) => t.includes('(Esc cancels): y▌'));
    await h.press(KEYS.enter, () => true);
    await settle();
    expect(plain(h.lastFrame())).toContain('type cleanup and press Enter');
    expect(h.cleanups[0]?.runs).toEqual([]);
    await h.press(KEYS.backspace, (t) => t.includes('(Esc cancels): ▌'));
    h.stdin.write('cleanu');
    await h.frame((t) => t.includes(': cleanu▌'));
    await h.press(KEYS.enter, () => true);
    await settle();
    expect(h.cleanups[0]?.runs).toEqual([]);
    await h.press('p', (t) => t.includes(': cleanup▌'));
    await h.press(KEYS.enter, (t) => t.includes('clean up stuck jobs: done'));
    expect(h.cleanups[0]?.runs).toHaveLength(1);
    await h.tracker.settled();
    expect(h.auditLines()).toMatchObject([
      { action: 'cleanup-stuck', ok: true, result: 'clean up stuck jobs: done' },
    ]);
  });
});

describe('read-only', () => {
  it('action keys do nothing and are not listed; the badge is always visible', async () => {
    const h = setup({ readOnly: true, actions: 'none' });
    const first = await h.frame((t) => t.includes('worker_wrapper-1'));
    expect(first).toContain('READ-ONLY');
    expect(first).not.toMatch(/\br restart|c cleanup/);
    for (const key of ['r', 'R', 'c']) h.stdin.write(key);
    await settle();
    const after = plain(h.lastFrame());
    expect(after).not.toContain('Confirm');
    // Inert, and it says why: the last key pressed names its action.
    expect(after).toContain('read-only: cannot mark stuck jobs failed: started with --read-only');
    const help = await h.press('?', (t) => t.includes('show this help'));
    expect(help).not.toContain('restart');
    expect(help).not.toMatch(/\bc\s{2,}mark stuck jobs failed/);
    expect(help).toContain('pause or resume refreshing');
  });

  it('says the reason it was given (a jobdeck serve viewer)', async () => {
    const h = setup({
      readOnly: true,
      actions: 'none',
      readOnlyReason: "your key (alice@laptop) is a viewer's",
    });
    await h.frame((t) => t.includes('worker_wrapper-1'));
    const frame = await h.press('t', (t) => t.includes('read-only: cannot'));
    expect(frame).toContain(
      "read-only: cannot send a test alert on every channel: your key (alice@laptop) is a viewer's",
    );
  });

  it('a read-only snapshot binds no action even if actions were passed', async () => {
    const h = setup({ readOnly: true, actions: 'all' });
    await h.frame((t) => t.includes('worker_wrapper-1'));
    h.stdin.write('r');
    h.stdin.write('c');
    await settle();
    expect(h.restartTargets).toEqual([]);
    expect(h.cleanups).toEqual([]);
    expect(plain(h.lastFrame())).not.toContain('Confirm');
  });
});

describe('navigation', () => {
  it('? opens the help from the keymap, Esc closes it', async () => {
    const h = setup();
    await h.frame((t) => t.includes('worker_wrapper-1'));
    const help = await h.press('?', (t) => t.includes('show this help'));
    expect(help).toContain('restart the selected container (y/n)');
    expect(help).toContain('Shift-Tab');
    await h.press(
      KEYS.escape,
      (t) => !t.includes('show this help') && t.includes('worker_wrapper-1'),
    );
  });

  it('Tab moves the focus; in the compact layout Services takes the Workers slot', async () => {
    const h = setup();
    await h.frame((t) => t.includes('[ Workers (Tab: services, alerts) ]'));
    const services = await h.press(KEYS.tab, (t) =>
      t.includes('[ Services (Tab: workers, alerts) ]'),
    );
    expect(services).toMatch(/worker_wrapper\s+degraded 2\/3/);
    await h.press(KEYS.tab, (t) => t.includes('[ Alerts (Tab: workers, services) ]'));
    await h.press(KEYS.tab, (t) => t.includes('[ Queue ]'));
    await h.press('\u001B[Z', (t) => t.includes('[ Alerts (Tab: workers, services) ]'));
  });

  it('Enter shows the selected container in full; Esc goes back', async () => {
    const h = setup();
    await h.frame((t) => t.includes('worker_wrapper-1'));
    await h.press(KEYS.down, () => true);
    await settle();
    const details = await h.press(KEYS.enter, (t) =>
      t.includes('container qfieldcloud-worker_wrapper-2'),
    );
    expect(details).toContain('Exited (137) 2 minutes ago');
    expect(details).toContain('exit code');
    expect(details).toContain('Killed: out of memory');
    await h.press(KEYS.escape, (t) => t.includes('[ Workers'));
  });

  it('/ filters the rows of the focused panel; Esc drops the filter', async () => {
    const h = setup();
    await h.frame((t) => t.includes('worker_wrapper-1'));
    await h.press('/', (t) => t.includes('filter workers: /▌'));
    h.stdin.write('killedx');
    await h.press(KEYS.backspace, (t) => t.includes('filter workers: /killed▌'));
    const filtered = await h.frame((t) => !t.includes('worker_wrapper-1 '));
    expect(filtered).toContain('worker_wrapper-2');
    expect(filtered).not.toContain('worker_wrapper-3');
    await h.press(KEYS.enter, (t) => t.includes('/killed 1/3'));
    await h.press(KEYS.escape, (t) => t.includes('worker_wrapper-3') && !t.includes('/killed'));
  });

  it('p pauses the store and shows PAUSED; p again resumes', async () => {
    const h = setup();
    await h.frame((t) => t.includes('worker_wrapper-1'));
    await h.press('p', (t) => t.includes('PAUSED'));
    expect(h.store.getSnapshot().paused).toBe(true);
    await h.press('p', (t) => !t.includes('PAUSED'));
    expect(h.store.getSnapshot().paused).toBe(false);
  });
});

describe('quitting', () => {
  it('q while an action runs waits for it, then quits', async () => {
    let finish: (result: ActionResult) => void = () => undefined;
    const slow: Action<null> = {
      id: 'restart',
      label: 'restart qfieldcloud-worker_wrapper-1',
      target: 'container qfieldcloud-worker_wrapper-1',
      preview: () =>
        Promise.resolve({
          summary: 'restart it',
          details: [],
          confirmWord: null,
          empty: false,
          plan: null,
        }),
      run: () =>
        new Promise<ActionResult>((resolve) => {
          finish = resolve;
        }),
    };
    const store = new TestStore(appSnapshot());
    const tracker = new ActionTracker();
    const instance = render(
      <App
        store={store}
        actions={{ restartContainer: () => slow }}
        audit={new AuditLog(join(mkdtempSync(join(tmpdir(), 'jobdeck-ui-')), 'audit.jsonl'))}
        actor={{ user: 'alice', from: null, via: 'dashboard' }}
        tracker={tracker}
        theme={createTheme({ color: false, ascii: false })}
        thresholds={thresholdsSchema.parse({})}
        size={{ columns: 100, rows: 30 }}
        now={() => NOW}
      />,
    );
    await waitForFrame(instance.lastFrame, (t) => t.includes('worker_wrapper-1'));
    instance.stdin.write('r');
    await waitForFrame(instance.lastFrame, (t) => t.includes('press y to run it'));
    instance.stdin.write('y');
    await waitForFrame(instance.lastFrame, (t) => t.includes('running…'));
    instance.stdin.write('q');
    await waitForFrame(instance.lastFrame, (t) =>
      t.includes('quitting once restart container qfieldcloud-worker_wrapper-1 has finished'),
    );
    await settle();
    expect(store.listenerCount).toBe(1);
    finish({ ok: true, summary: 'restarted', items: [] });
    await tracker.settled();
    await settle();
    expect(store.listenerCount).toBe(0);
  });

  it('q quits at once when nothing runs', async () => {
    const h = setup();
    await h.frame((t) => t.includes('worker_wrapper-1'));
    h.stdin.write('q');
    await settle();
    expect(h.store.listenerCount).toBe(0);
  });
});

describe('test alert (t)', () => {
  it('asks y/n, then runs the action and shows the result; read-only has no t', async () => {
    const sent: RecordingAction[] = [];
    const h = setup({
      extraActions: {
        testAlert: () => {
          const action = new RecordingAction(
            'test-alert',
            '2 alert channel(s)',
            'send a test alert',
            {
              summary: 'send a test alert on log, webhook',
              details: [
                'log: /var/lib/jobdeck/alerts.jsonl',
                'webhook: https://hooks.example.org/***',
              ],
              confirmWord: null,
              empty: false,
            },
          );
          sent.push(action);
          return action;
        },
      },
    });
    await h.frame((t) => t.includes('t test alert') || t.includes('q quit'));
    const dialog = await h.press('t', (t) => t.includes('send a test alert on log, webhook'));
    expect(dialog).toContain('webhook: https://hooks.example.org/***');
    expect(sent[0]?.runs).toEqual([]);
    await h.press('y', (t) => t.includes('send a test alert: done'));
    expect(sent[0]?.runs).toHaveLength(1);
  });
});
