import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderToString } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Action, ActionResult } from '../../src/actions/action.js';
import { AuditLog } from '../../src/actions/audit-log.js';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import type { AppSnapshot } from '../../src/store/app-snapshot.js';
import { ActionTracker } from '../../src/ui/action-tracker.js';
import { App } from '../../src/ui/App.js';
import type { DashboardActions } from '../../src/ui/dashboard-actions.js';
import { FleetApp } from '../../src/ui/FleetApp.js';
import { createTheme } from '../../src/ui/theme.js';
import { appSnapshot, NOW } from './helpers/build-snapshot.js';
import { RecordingAction } from './helpers/recording-action.js';
import { TestStore } from './helpers/test-store.js';
import { plain, settle, waitForFrame } from './helpers/wait-for-frame.js';

const KEYS = { enter: '\r', escape: '\u001B', down: '\u001B[B', up: '\u001B[A', tab: '\t' };
const theme = createTheme({ color: false, ascii: false });
const thresholds = thresholdsSchema.parse({});
const actor = { user: 'alice', from: null, via: 'dashboard' } as const;

/** host3's database cannot be reached: its sources failed from the start. */
function host3Down(): AppSnapshot {
  return appSnapshot({
    target: 'host3',
    verdict: 'DOWN',
    queue: { status: 'failed', error: 'connect ECONNREFUSED 10.0.0.3:5432', at: NOW, last: null },
    docker: { status: 'failed', error: 'ssh: host3: connection timed out', at: NOW, last: null },
    readiness: [
      {
        name: 'database',
        level: 'fail',
        critical: true,
        detail: 'connection refused (10.0.0.3:5432)',
        latencyMs: null,
      },
    ],
  });
}

interface Target {
  readonly name: string;
  readonly store: TestStore;
  readonly audit: AuditLog;
  readonly restarts: string[];
  readonly actions: DashboardActions;
}

function target(name: string, snapshot: AppSnapshot, actions?: DashboardActions): Target {
  const restarts: string[] = [];
  return {
    name,
    store: new TestStore(snapshot),
    audit: new AuditLog(join(mkdtempSync(join(tmpdir(), `jobdeck-fleet-${name}-`)), 'audit.jsonl')),
    restarts,
    actions: actions ?? {
      restartContainer: (id) => {
        restarts.push(id);
        return new RecordingAction('restart', `container on ${name}`, `restart on ${name}`, {
          summary: `restart a container of ${name}`,
          details: [],
          confirmWord: null,
          empty: false,
        });
      },
    },
  };
}

function setup(targets?: Target[]) {
  const all = targets ?? [
    target('host1', appSnapshot({ target: 'host1', verdict: 'OPERATIONAL' })),
    target('host2', appSnapshot({ target: 'host2' })),
    target('host3', host3Down()),
  ];
  const tracker = new ActionTracker();
  const instance = render(
    <FleetApp
      targets={all.map((t) => ({
        name: t.name,
        store: t.store,
        actions: t.actions,
        audit: t.audit,
        thresholds,
      }))}
      actor={actor}
      tracker={tracker}
      theme={theme}
      size={{ columns: 100, rows: 30 }}
      now={() => NOW}
    />,
  );
  const frame = (ok: (text: string) => boolean): Promise<string> =>
    waitForFrame(instance.lastFrame, ok);
  return {
    targets: all,
    tracker,
    stdin: instance.stdin,
    lastFrame: instance.lastFrame,
    frame,
    press: async (key: string, until: (text: string) => boolean): Promise<string> => {
      instance.stdin.write(key);
      return frame(until);
    },
  };
}

/** The overview's line of a target (its row starts with the number). */
function line(text: string, name: string): string {
  return text.split('\n').find((l) => l.includes(` ${name} `)) ?? '';
}
const overview = (t: string): boolean => t.includes('Targets') && t.includes('fleet of 3 targets');
const dashboardOf =
  (name: string, n: number) =>
  (t: string): boolean =>
    t.includes(`jobdeck ${name} (${String(n)}/3)`);

afterEach(() => {
  cleanup();
});

describe('the fleet overview', () => {
  it('lists every target with its verdict, queue, workers and data; a failed one says why', async () => {
    const h = setup();
    const text = await h.frame(overview);
    expect(line(text, 'host1')).toMatch(/1 +host1 +OPERATIONAL +4 +2 +0 +7\.1% +2\/3 +no monitor/);
    expect(line(text, 'host2')).toMatch(/2 +host2 +DEGRADED +4 +2 +0 +7\.1% +2\/3/);
    expect(line(text, 'host3')).toMatch(/3 +host3 +DOWN .*failed: database: connection refused/);
    expect(text).toContain('1 DOWN · 1 DEGRADED · 1 OPERATIONAL');
    expect(text).toContain('? help  q quit  ↑↓ select  Enter open  1…9 target');
  });

  it('follows each store live: a target that recovers changes only its own row', async () => {
    const h = setup();
    await h.frame((t) => line(t, 'host3').includes('DOWN'));
    h.targets[2]?.store.set(appSnapshot({ target: 'host3', verdict: 'OPERATIONAL' }));
    const text = await h.frame((t) => line(t, 'host3').includes('OPERATIONAL'));
    expect(line(text, 'host3')).not.toContain('failed');
    expect(line(text, 'host2')).toContain('DEGRADED');
  });

  it('shows "checking…" for a target before its first refresh', async () => {
    const h = setup([
      target('a', appSnapshot({ target: 'a' })),
      target(
        'b',
        appSnapshot({
          target: 'b',
          verdict: null,
          readiness: [],
          queue: { status: 'loading' },
          docker: { status: 'loading' },
        }),
      ),
    ]);
    const text = await h.frame((t) => t.includes('fleet of 2 targets'));
    expect(line(text, 'b')).toContain('checking…');
    expect(text).toContain('1 checking…');
  });
});

describe('the fleet overview at real sizes', () => {
  const at = (columns: number, rows: number): string =>
    plain(
      renderToString(
        <FleetApp
          targets={[
            target('host1', appSnapshot({ target: 'host1', verdict: 'OPERATIONAL' })),
            target('host2', appSnapshot({ target: 'host2' })),
            target('host3', host3Down()),
          ].map((t) => ({ ...t, thresholds }))}
          actor={actor}
          tracker={new ActionTracker()}
          theme={theme}
          size={{ columns, rows }}
          now={() => NOW}
        />,
        { columns },
      ),
    );

  it.each([
    [60, 10],
    [80, 24],
    [120, 30],
    [200, 50],
  ])('%i×%i: every target, a frame shorter than the terminal and no wider', (columns, rows) => {
    const text = at(columns, rows);
    const lines = text.split('\n');
    expect(lines.length).toBeLessThan(rows);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(columns);
    for (const name of ['host1', 'host2', 'host3']) expect(text).toContain(name);
    expect(line(text, 'host3')).toContain('DOWN');
  });

  it('wide enough, each row has its data ages; below 60×10 one line says too small', () => {
    const wide = at(160, 30);
    expect(line(wide, 'host1')).toContain('queue live · docker live');
    expect(line(wide, 'host3')).toContain('queue failed · docker failed');
    expect(at(50, 10).trim()).toBe('terminal too small (need 60×10, have 50×10)');
  });
});

describe('moving between the overview and the targets', () => {
  it('Enter opens the selected target; o comes back with it still selected', async () => {
    const h = setup();
    await h.frame(overview);
    h.stdin.write('j');
    await settle();
    const host2 = await h.press(KEYS.enter, dashboardOf('host2', 2));
    expect(host2).toContain('[ Workers');
    expect(host2).toContain('o overview');
    expect(host2).toContain('[ ] target');
    await h.press('o', overview);
    // Still on host2: Enter opens it again.
    await h.press(KEYS.enter, dashboardOf('host2', 2));
  });

  it('2 opens the second target, from the overview and from a dashboard', async () => {
    const h = setup();
    await h.frame(overview);
    await h.press('2', dashboardOf('host2', 2));
    await h.press('3', dashboardOf('host3', 3));
    await h.press('1', dashboardOf('host1', 1));
  });

  it('] and [ go to the next and previous target, wrapping around', async () => {
    const h = setup();
    await h.frame(overview);
    await h.press('3', dashboardOf('host3', 3));
    await h.press(']', dashboardOf('host1', 1));
    await h.press('[', dashboardOf('host3', 3));
    await h.press('[', dashboardOf('host2', 2));
  });

  it('a number past the last target says so and stays', async () => {
    const h = setup();
    await h.frame(overview);
    await h.press('7', (t) => t.includes('no target 7: there are 3'));
    await h.press('1', dashboardOf('host1', 1));
    await h.press('9', (t) => t.includes('no target 9: there are 3'));
    expect(plain(h.lastFrame())).toContain('jobdeck host1 (1/3)');
  });

  it('each target gets a fresh dashboard: focus does not leak from one to the next', async () => {
    const h = setup();
    await h.frame(overview);
    await h.press('1', dashboardOf('host1', 1));
    await h.press(KEYS.tab, (t) => t.includes('[ Services'));
    const host2 = await h.press(']', dashboardOf('host2', 2));
    expect(host2).toContain('[ Workers');
  });

  it("a target's dashboard runs that target's actions", async () => {
    const h = setup();
    await h.frame(overview);
    await h.press('2', dashboardOf('host2', 2));
    await h.press('r', (t) => t.includes('restart a container of host2'));
    await h.press('y', (t) => t.includes('restart on host2: done'));
    await h.tracker.settled();
    expect(h.targets[1]?.restarts).toHaveLength(1);
    expect(h.targets[0]?.restarts).toEqual([]);
    const audit = h.targets[1]?.audit.path ?? '';
    expect(readFileSync(audit, 'utf8')).toContain('"target":"container on host2"');
    expect(existsSync(h.targets[0]?.audit.path ?? '')).toBe(false);
  });
});

describe('help with several targets', () => {
  it('? on the overview lists the overview keys and the target keys', async () => {
    const h = setup();
    await h.frame(overview);
    const help = await h.press('?', (t) => t.includes('fleet overview'));
    expect(help).toContain('open the selected target');
    expect(help).toContain('the next target (wraps around)');
    expect(help).toContain('back to the fleet overview');
    await h.press(KEYS.escape, overview);
  });

  it("? in a target's dashboard lists the target keys too", async () => {
    const h = setup();
    await h.frame(overview);
    await h.press('1', dashboardOf('host1', 1));
    const help = await h.press('?', (t) => t.includes('show this help'));
    expect(help).toContain('jump to target N');
    expect(help).toContain('1…9');
  });
});

describe('quitting the fleet', () => {
  it('q on the overview waits for an action started in a dashboard, then quits', async () => {
    let finish: (result: ActionResult) => void = () => undefined;
    const slow: Action<null> = {
      id: 'restart',
      label: 'restart on host1',
      target: 'container on host1',
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
    const h = setup([
      target('host1', appSnapshot({ target: 'host1' }), { restartContainer: () => slow }),
      target('host2', appSnapshot({ target: 'host2' })),
      target('host3', host3Down()),
    ]);
    await h.frame(overview);
    await h.press('1', dashboardOf('host1', 1));
    await h.press('r', (t) => t.includes('press y to run it'));
    await h.press('y', (t) => t.includes('running…'));
    await h.press('o', overview);
    await h.press('q', (t) =>
      t.includes('quitting once restart container qfieldcloud-worker_wrapper-1 has finished'),
    );
    await settle();
    expect(h.targets.map((t) => t.store.listenerCount)).toEqual([1, 1, 1]);
    finish({ ok: true, summary: 'restarted', items: [] });
    await h.tracker.settled();
    await settle();
    expect(h.targets.map((t) => t.store.listenerCount)).toEqual([0, 0, 0]);
  });

  it('q in a dashboard quits the whole fleet', async () => {
    const h = setup();
    await h.frame(overview);
    await h.press('2', dashboardOf('host2', 2));
    h.stdin.write('q');
    await settle();
    expect(h.targets.map((t) => t.store.listenerCount)).toEqual([0, 0, 0]);
  });
});

describe('a single-target dashboard', () => {
  function single(options: { readOnly?: boolean } = {}) {
    const store = new TestStore(appSnapshot({ readOnly: options.readOnly ?? false }));
    const instance = render(
      <App
        store={store}
        actions={{}}
        audit={new AuditLog(join(mkdtempSync(join(tmpdir(), 'jobdeck-ui-')), 'audit.jsonl'))}
        actor={actor}
        tracker={new ActionTracker()}
        theme={theme}
        thresholds={thresholds}
        size={{ columns: 100, rows: 30 }}
        now={() => NOW}
      />,
    );
    return { store, instance };
  }

  it('has no target keys: [ ] 1 o do nothing and are not listed, nor in the help', async () => {
    const { instance } = single();
    const before = await waitForFrame(instance.lastFrame, (t) => t.includes('worker_wrapper-1'));
    expect(before).toContain('jobdeck default DEGRADED');
    expect(before).not.toContain('overview');
    expect(before).not.toContain('[ ] target');
    for (const key of ['[', ']', '1', 'o']) instance.stdin.write(key);
    await settle();
    expect(plain(instance.lastFrame())).toBe(before);
    instance.stdin.write('?');
    const help = await waitForFrame(instance.lastFrame, (t) => t.includes('show this help'));
    expect(help).not.toContain('target');
    expect(help).not.toContain('fleet overview');
  });

  it('read-only: a target key is not "off", it says nothing', async () => {
    const { instance } = single({ readOnly: true });
    const before = await waitForFrame(instance.lastFrame, (t) => t.includes('READ-ONLY'));
    instance.stdin.write('[');
    await settle();
    expect(plain(instance.lastFrame())).not.toContain('cannot');
    expect(plain(instance.lastFrame())).toBe(before);
  });
});
