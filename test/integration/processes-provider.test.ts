import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteShell } from '../../src/sources/services/processes/quote-shell.js';
import { ProcessesProvider } from '../../src/sources/services/processes/processes-provider.js';
import { ActionRefusedError } from '../../src/shared/errors.js';
import {
  startProcessesSupervisor,
  waitForValue,
  type ProcessesSupervisor,
} from '../helpers/processes-supervisor.js';

const NAMES = ['worker-1', 'worker-2', 'worker-3'];

describe('ProcessesProvider with real processes', () => {
  let sup: ProcessesSupervisor;
  let deadPid: number;

  beforeAll(async () => {
    sup = startProcessesSupervisor(NAMES);
    for (const name of NAMES) await waitForValue(() => sup.pidOf(name) ?? undefined, name);
    // A pid file left behind by a process that has exited.
    deadPid = spawnSync('true').pid;
    writeFileSync(join(sup.dir, 'ghost.pid'), `${deadPid}\n`);
  });

  afterAll(() => {
    sup.stop();
  });

  const provider = (readOnly: boolean, restart?: string): ProcessesProvider =>
    new ProcessesProvider({
      groups: [
        {
          name: 'worker',
          pidFiles: join(sup.dir, '*.pid'),
          logFile: join(sup.dir, '{name}.log'),
          ...(restart === undefined ? {} : { restart }),
        },
      ],
      readOnly,
      startTimeoutMs: 5_000,
    });

  it('lists pid-file instances with pid, state, start time, command and last log line', async () => {
    const before = Date.now();
    const listing = await provider(false).list();
    expect(listing.endpoint).toBe('processes');
    expect(listing.instances.map((i) => i.name)).toEqual(['ghost', ...NAMES]);
    const w1 = listing.instances.find((i) => i.name === 'worker-1');
    const pid = sup.pidOf('worker-1');
    expect(w1).toMatchObject({
      id: join(sup.dir, 'worker-1.pid'),
      service: 'worker',
      number: 1,
      state: 'running',
      pid,
      resources: null,
      lastLog: { text: `worker-1 ready pid ${pid}`, stream: 'stdout' },
    });
    expect(w1?.stateText).toMatch(new RegExp(`^pid ${pid}, up \\d+s$`));
    expect(w1?.command).toBe(`${process.execPath} ${sup.dir}/jd-worker.mjs ${sup.dir} worker-1`);
    // Boot time has 1 s resolution, start time 10 ms: within a few seconds of now.
    expect(w1?.startedAt).toBeGreaterThan(before - 30_000);
    expect(w1?.startedAt).toBeLessThan(Date.now() + 2_000);
  });

  it('shows a pid file whose process is gone as exited', async () => {
    const ghost = (await provider(false).list()).instances.find((i) => i.name === 'ghost');
    expect(ghost).toMatchObject({
      state: 'exited',
      pid: null,
      stateText: `pid ${deadPid} not running`,
    });
    // No restart command and nothing to signal: refused, not attempted.
    await expect(provider(false).restart(join(sup.dir, 'ghost.pid'))).rejects.toThrow(
      ActionRefusedError,
    );
  });

  it('restarts by SIGTERM and waits for the respawned pid', async () => {
    const id = join(sup.dir, 'worker-1.pid');
    const before = sup.pidOf('worker-1');
    expect(provider(false).describeRestart(id)).toBe(`kill -TERM ${before}`);
    const outcome = await provider(false).restart(id);
    const after = sup.pidOf('worker-1');
    expect(outcome).toEqual({
      id,
      ok: true,
      detail: `restarted (pid ${before} → ${after})`,
      pidBefore: before,
      pidAfter: after,
    });
    expect(after).not.toBe(before);
  });

  it('restarts with a configured command, name quoted and exported', async () => {
    const marks = join(sup.dir, 'restarts.txt');
    const command = `echo {name} "$JOBDECK_NAME" {pid} >> '${marks}'; kill -TERM "$JOBDECK_PID"`;
    const p = provider(false, command);
    const id = join(sup.dir, 'worker-2.pid');
    const before = sup.pidOf('worker-2');
    const substituted = `echo 'worker-2' "$JOBDECK_NAME" ${before} >> '${marks}'; kill -TERM "$JOBDECK_PID"`;
    expect(p.describeRestart(id)).toBe(`sh -c ${quoteShell(substituted)}`);
    const outcome = await p.restart(id);
    expect(outcome.ok).toBe(true);
    expect(outcome.pidBefore).toBe(before);
    expect(outcome.pidAfter).toBe(sup.pidOf('worker-2'));
    expect(outcome.pidAfter).not.toBe(before);
    expect(readFileSync(marks, 'utf8')).toBe(`worker-2 worker-2 ${before}\n`);
  });

  it('reports a failing restart command as a failed outcome', async () => {
    const outcome = await provider(false, 'echo no such app >&2; exit 3').restart(
      join(sup.dir, 'worker-3.pid'),
    );
    expect(outcome).toMatchObject({
      ok: false,
      detail: 'restart command failed (exit 3): no such app',
    });
  });

  it('refuses in read-only mode and leaves the process alone', async () => {
    const id = join(sup.dir, 'worker-3.pid');
    const before = sup.pidOf('worker-3');
    await expect(provider(true).restart(id)).rejects.toThrow(
      'read-only mode: restart is disabled (start without --read-only, or pass --write)',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sup.pidOf('worker-3')).toBe(before);
  });

  it('finds processes by command line and restarts one of them', async () => {
    const p = new ProcessesProvider({
      groups: [{ name: 'matched', match: 'jd-worker\\.mjs' }],
      readOnly: false,
      startTimeoutMs: 5_000,
    });
    const listing = await p.list();
    const pids = NAMES.map((name) => sup.pidOf(name));
    // The supervisor's own command line does not match; each worker is one instance.
    expect(listing.instances.map((i) => i.pid).sort()).toEqual([...pids].sort());
    expect(listing.instances.map((i) => i.name)).toEqual(['matched#0', 'matched#1', 'matched#2']);
    const first = listing.instances[0];
    expect(first).toMatchObject({ id: `matched:${first?.pid}`, service: 'matched', number: 0 });
    expect(first?.state).toBe('running');

    const target = listing.instances[1];
    if (target?.pid == null) throw new Error('no second instance');
    expect(p.describeRestart(target.id)).toBe(`kill -TERM ${target.pid}`);
    const outcome = await p.restart(target.id);
    expect(outcome.ok).toBe(true);
    expect(outcome.pidBefore).toBe(target.pid);
    expect(pids).not.toContain(outcome.pidAfter);
    const again = await waitForValue(async () => {
      const now = (await p.list()).instances.map((i) => i.pid);
      return now.includes(outcome.pidAfter) ? now : undefined;
    }, 'the respawned worker in the listing');
    expect(again).not.toContain(target.pid);
    expect(again).toHaveLength(3);
  });

  it('refuses an id it does not know', () => {
    expect(() => provider(false).describeRestart('/elsewhere/x.pid')).toThrow(ActionRefusedError);
  });
});
