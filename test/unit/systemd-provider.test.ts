import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceQueryError, SourceUnreachableError } from '../../src/shared/errors.js';
import { readCgroupUsage } from '../../src/sources/services/systemd/read-cgroup-usage.js';
import type {
  SystemctlCommand,
  SystemctlResult,
  SystemctlRunner,
} from '../../src/sources/services/systemd/systemctl-runner.js';
import { SystemdProvider } from '../../src/sources/services/systemd/systemd-provider.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/systemd');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const ok = (stdout: string): SystemctlResult => ({ code: 0, stdout, stderr: '' });

const T0 = Date.UTC(2026, 11, 6, 10, 20, 0);
const UNITS = [
  'frappe-bench-*worker*',
  'frappe-bench-frappe-schedule',
  'frappe-bench-frappe-web.service',
];

interface Call {
  readonly command: SystemctlCommand;
  readonly args: readonly string[];
}

/** Replays the recorded bench: list-units, show-1 then show-2, the journal files. */
function benchRunner(calls: Call[]): SystemctlRunner {
  let shows = 0;
  return (command, args) => {
    calls.push({ command, args });
    if (command === 'journalctl') {
      const unit = args[args.indexOf('-u') + 1] ?? '';
      return Promise.resolve(ok(fixture(`journal/${unit}.txt`)));
    }
    if (args.includes('list-units')) return Promise.resolve(ok(fixture('list-units.txt')));
    shows++;
    return Promise.resolve(ok(fixture(shows === 1 ? 'show-1.txt' : 'show-2.txt')));
  };
}

function provider(
  runner: SystemctlRunner,
  over: { user?: boolean; journal?: boolean; cgroupRoot?: string; clock?: number[] } = {},
) {
  const clock = over.clock ?? [T0, T0 + 2_000];
  return new SystemdProvider({
    config: { units: UNITS, user: over.user ?? false, journal: over.journal ?? true },
    readOnly: false,
    requestTimeoutMs: 5_000,
    startTimeoutMs: 1_000,
    runner,
    cgroupRoot: over.cgroupRoot ?? join(FIXTURES, 'cgroup-v2'),
    now: () => clock.shift() ?? T0 + 60_000,
  });
}

describe('SystemdProvider.list', () => {
  it('expands only the globs, then reads every selected unit in one show', async () => {
    const calls: Call[] = [];
    await provider(benchRunner(calls)).list();
    const systemctl = calls.filter((c) => c.command === 'systemctl');
    expect(systemctl).toHaveLength(2);
    expect(systemctl[0]?.args).toEqual([
      'list-units',
      '--all',
      '--plain',
      '--no-legend',
      '--no-pager',
      'frappe-bench-*worker*',
    ]);
    const show = systemctl[1]?.args ?? [];
    expect(show.slice(0, 2)).toEqual(['show', '--no-pager']);
    expect(show[2]).toMatch(/^--property=Id,Description,LoadState,ActiveState,SubState,MainPID,/);
    // The target the glob also caught is not an instance; exact names get their suffix.
    expect(show.slice(3)).toEqual([
      'frappe-bench-frappe-default-worker@1.service',
      'frappe-bench-frappe-long-worker@1.service',
      'frappe-bench-frappe-short-worker@1.service',
      'frappe-bench-frappe-schedule.service',
      'frappe-bench-frappe-web.service',
    ]);
  });

  it('maps the recorded bench onto instances', async () => {
    const listing = await provider(benchRunner([])).list();
    expect(listing.endpoint).toBe('systemd');
    const summary = listing.instances.map((i) => [
      i.name,
      i.service,
      i.number,
      i.state,
      i.pid,
      i.restarts,
    ]);
    expect(summary).toEqual([
      [
        'frappe-bench-frappe-default-worker@1',
        'frappe-bench-frappe-default-worker',
        1,
        'running',
        812,
        0,
      ],
      ['frappe-bench-frappe-long-worker@1', 'frappe-bench-frappe-long-worker', 1, 'fatal', null, 3],
      [
        'frappe-bench-frappe-short-worker@1',
        'frappe-bench-frappe-short-worker',
        1,
        'backoff',
        null,
        5,
      ],
      ['frappe-bench-frappe-schedule', 'frappe-bench-frappe-schedule', null, 'running', 815, 0],
      ['frappe-bench-frappe-web', 'frappe-bench-frappe-web', null, 'running', 840, 0],
    ]);
    const [worker, long, short, schedule, web] = listing.instances;
    expect(worker).toMatchObject({
      stateText: 'active/running',
      startedAt: Date.UTC(2026, 11, 6, 10, 11, 12),
      exitCode: null,
      command: '/usr/local/bin/bench worker --queue default',
      resources: { at: T0, cpuPercent: null, rssBytes: 98_304_000, pids: 2 },
      lastLog: {
        text: '10:19:58 default: Job OK (5f1c3d0e-2b7a-4c61-9f0e-8d2a4b6c1e90)',
        stream: 'stdout',
        at: null,
      },
    });
    expect(long).toMatchObject({
      stateText: 'failed/failed (exit-code)',
      exitCode: 1,
      startedAt: null,
      stoppedAt: Date.UTC(2026, 11, 6, 10, 14, 41),
      resources: null,
    });
    expect(long?.lastLog?.text).toBe(
      "frappe-bench-frappe-long-worker@1.service: Failed with result 'exit-code'.",
    );
    expect(short?.stateText).toBe('activating/auto-restart (exit-code)');
    expect(short?.lastLog?.text).toMatch(/^redis\.exceptions\.ConnectionError/);
    // Accounting off for the scheduler: its cgroup v2 files instead.
    expect(schedule?.resources).toEqual({
      at: T0,
      cpuPercent: null,
      rssBytes: 61_440_000,
      pids: 1,
    });
    expect(schedule?.lastLog).toBeNull();
    expect(web?.stoppedAt).toBe(Date.UTC(2026, 11, 6, 10, 11, 11));
  });

  it('computes CPU % of one core from the CPUUsageNSec delta on the second read', async () => {
    const p = provider(benchRunner([]));
    await p.list();
    const second = await p.list();
    const cpu = new Map(second.instances.map((i) => [i.name, i.resources?.cpuPercent]));
    // 0.3 s of CPU in 2 s; gunicorn 0.05 s in 2 s; the scheduler's cgroup did not move.
    expect(cpu.get('frappe-bench-frappe-default-worker@1')).toBeCloseTo(15, 6);
    expect(cpu.get('frappe-bench-frappe-web')).toBeCloseTo(2.5, 6);
    expect(cpu.get('frappe-bench-frappe-schedule')).toBe(0);
    expect(second.instances[0]?.resources?.rssBytes).toBe(99_614_720);
    expect(second.instances[2]?.restarts).toBe(6);
  });

  it('starts a new CPU count when the unit restarted in between', async () => {
    const later = fixture('show-2.txt').replace(
      'ExecMainStartTimestampMonotonic=791234567',
      'ExecMainStartTimestampMonotonic=1401000000',
    );
    let shows = 0;
    const runner: SystemctlRunner = (command, args) =>
      Promise.resolve(
        ok(
          args.includes('list-units')
            ? fixture('list-units.txt')
            : ++shows === 1
              ? fixture('show-1.txt')
              : later,
        ),
      );
    const p = provider(runner, { journal: false });
    await p.list();
    const second = await p.list();
    expect(second.instances[0]?.resources?.cpuPercent).toBeNull();
    expect(second.instances[4]?.resources?.cpuPercent).toBeCloseTo(2.5, 6);
  });

  it('reads no journal when journal is off, and a failing journalctl only loses the line', async () => {
    const calls: Call[] = [];
    const quiet = await provider(benchRunner(calls), { journal: false }).list();
    expect(calls.some((c) => c.command === 'journalctl')).toBe(false);
    expect(quiet.instances.every((i) => i.lastLog === null)).toBe(true);

    const replay = benchRunner([]);
    const denied: SystemctlRunner = (command, args, signal) =>
      command === 'journalctl' && args.includes('frappe-bench-frappe-web.service')
        ? Promise.resolve({
            code: 1,
            stdout: '',
            stderr: 'Failed to open journal: Permission denied',
          })
        : replay(command, args, signal);
    const listing = await provider(denied).list();
    expect(listing.instances[4]?.lastLog).toBeNull();
    expect(listing.instances[0]?.lastLog).not.toBeNull();
  });

  it('passes --user everywhere for user units', async () => {
    const calls: Call[] = [];
    const listing = await provider(benchRunner(calls), { user: true }).list();
    expect(listing.endpoint).toBe('systemd --user');
    expect(calls.length).toBeGreaterThan(2);
    expect(calls.every((c) => c.args[0] === '--user')).toBe(true);
  });

  it('shows a unit that does not exist as unknown, without a journal read', async () => {
    const calls: Call[] = [];
    const runner: SystemctlRunner = (command, args) => {
      calls.push({ command, args });
      return Promise.resolve(
        ok(
          'Id=frappe-bench-frappe-socketio.service\nLoadState=not-found\nActiveState=inactive\nSubState=dead\nMainPID=0\nResult=success\nMemoryCurrent=[not set]\n',
        ),
      );
    };
    const p = new SystemdProvider({
      config: { units: ['frappe-bench-frappe-socketio'], user: false, journal: true },
      readOnly: false,
      requestTimeoutMs: 5_000,
      startTimeoutMs: 1_000,
      runner,
    });
    const listing = await p.list();
    expect(calls.map((c) => c.args[0])).toEqual(['show']);
    expect(listing.instances[0]).toMatchObject({
      state: 'unknown',
      stateText: 'unit not found',
      pid: null,
    });
  });

  it('says systemd is not running when systemctl was not booted with it', async () => {
    const runner: SystemctlRunner = () =>
      Promise.resolve({ code: 1, stdout: '', stderr: fixture('not-booted.stderr') });
    const failure = provider(runner).list();
    await expect(failure).rejects.toBeInstanceOf(SourceUnreachableError);
    await expect(failure).rejects.toThrow(/^systemd is not running here \(PID 1 is not systemd\)/);
  });

  it('says there is no user session bus for --user', async () => {
    const runner: SystemctlRunner = () =>
      Promise.resolve({ code: 1, stdout: '', stderr: fixture('user-no-bus.stderr') });
    await expect(provider(runner, { user: true }).list()).rejects.toThrow(
      /no systemd user session bus .*loginctl enable-linger/,
    );
  });

  it('reports any other systemctl failure as a query error with its reason', async () => {
    const runner: SystemctlRunner = () =>
      Promise.resolve({
        code: 1,
        stdout: '',
        stderr: 'Failed to list units: Connection timed out\n',
      });
    const failure = provider(runner).list();
    await expect(failure).rejects.toBeInstanceOf(SourceQueryError);
    await expect(failure).rejects.toThrow(
      'systemctl list-units failed (exit 1): Failed to list units: Connection timed out',
    );
  });
});

describe('cgroup fallback', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('measures CPU from cpu.stat when systemd does not account the unit', async () => {
    dir = mkdtempSync(join(tmpdir(), 'jobdeck-cgroup-'));
    cpSync(join(FIXTURES, 'cgroup-v2'), dir, { recursive: true });
    const p = provider(benchRunner([]), { cgroupRoot: dir, journal: false });
    await p.list();
    const stat = join(dir, 'system.slice/frappe-bench-frappe-schedule.service/cpu.stat');
    // +0.5 s of CPU in the 2 s between the reads.
    writeFileSync(
      stat,
      readFileSync(stat, 'utf8').replace('usage_usec 1843210', 'usage_usec 2343210'),
    );
    const second = await p.list();
    expect(second.instances[3]?.resources?.cpuPercent).toBeCloseTo(25, 6);
  });

  it('reads cgroup v1 hierarchies, and gives null when nothing is there', async () => {
    const cg = '/system.slice/frappe-bench-frappe-schedule.service';
    expect(await readCgroupUsage(join(FIXTURES, 'cgroup-v1'), cg)).toEqual({
      memoryBytes: 73_728_000,
      cpuNsec: 1_843_210_000,
      tasks: 1,
    });
    expect(await readCgroupUsage(join(FIXTURES, 'cgroup-v2'), cg)).toEqual({
      memoryBytes: 61_440_000,
      cpuNsec: 1_843_210_000,
      tasks: 1,
    });
    expect(
      await readCgroupUsage(join(FIXTURES, 'cgroup-v2'), '/system.slice/gone.service'),
    ).toBeNull();
  });

  it('leaves resources to /proc when neither systemd nor the cgroup knows them', async () => {
    const listing = await provider(benchRunner([]), {
      cgroupRoot: join(FIXTURES, 'no-such-cgroup-root'),
      journal: false,
    }).list();
    expect(listing.instances[3]?.resources).toBeNull();
    expect(listing.instances[3]?.pid).toBe(815);
  });
});
