import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionRefusedError } from '../../src/shared/errors.js';
import type {
  SystemctlResult,
  SystemctlRunner,
} from '../../src/sources/services/systemd/systemctl-runner.js';
import { SystemdProvider } from '../../src/sources/services/systemd/systemd-provider.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/systemd');
const UNIT = 'frappe-bench-frappe-default-worker@1.service';

const shown = (active: string, sub: string, pid: number, result = 'success'): SystemctlResult => ({
  code: 0,
  stdout: `MainPID=${pid}\nResult=${result}\nId=${UNIT}\nLoadState=loaded\nActiveState=${active}\nSubState=${sub}\n`,
  stderr: '',
});

/** A systemctl whose `show` answers come from `states` in turn (the last one repeats). */
function scripted(
  states: SystemctlResult[],
  restart: SystemctlResult,
  calls: string[][],
): SystemctlRunner {
  return (_command, args) => {
    calls.push([...args]);
    if (args.includes('restart')) return Promise.resolve(restart);
    const next = states.length > 1 ? states.shift() : states[0];
    return Promise.resolve(next ?? shown('inactive', 'dead', 0));
  };
}

function provider(
  runner: SystemctlRunner,
  over: { readOnly?: boolean; user?: boolean; startTimeoutMs?: number } = {},
) {
  return new SystemdProvider({
    config: {
      units: ['frappe-bench-*worker*', 'frappe-bench-frappe-web'],
      user: over.user ?? false,
      journal: true,
    },
    readOnly: over.readOnly ?? false,
    requestTimeoutMs: 5_000,
    startTimeoutMs: over.startTimeoutMs ?? 2_000,
    runner,
  });
}

const done: SystemctlResult = { code: 0, stdout: '', stderr: '' };

describe('SystemdProvider.restart', () => {
  it('restarts and waits until it runs with a new main pid', async () => {
    const calls: string[][] = [];
    const runner = scripted(
      [
        shown('active', 'running', 812),
        shown('activating', 'start', 0),
        shown('active', 'running', 907),
      ],
      done,
      calls,
    );
    const outcome = await provider(runner).restart(UNIT);
    expect(outcome).toEqual({
      id: UNIT,
      ok: true,
      detail: 'restarted (pid 812 → 907)',
      pidBefore: 812,
      pidAfter: 907,
    });
    expect(calls[1]).toEqual(['restart', UNIT]);
    expect(calls[0]?.[2]).toBe('--property=Id,LoadState,ActiveState,SubState,MainPID,Result');
    expect(calls).toHaveLength(4);
  });

  it('reports systemctl refusing, with what to do about it', async () => {
    const stderr = readFileSync(join(FIXTURES, 'restart-access-denied.stderr'), 'utf8');
    const calls: string[][] = [];
    const runner = scripted(
      [shown('active', 'running', 812)],
      { code: 4, stdout: '', stderr },
      calls,
    );
    const outcome = await provider(runner).restart(UNIT);
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toBe(
      `systemctl restart failed: Failed to restart ${UNIT}: Access denied (run jobdeck as root or allow it with polkit/sudo)`,
    );
    expect(outcome.pidBefore).toBe(812);
    expect(calls).toHaveLength(2);
  });

  it('fails at once when the unit fails again', async () => {
    const runner = scripted(
      [shown('active', 'running', 812), shown('failed', 'failed', 0, 'exit-code')],
      done,
      [],
    );
    const outcome = await provider(runner).restart(UNIT);
    expect(outcome).toMatchObject({
      ok: false,
      detail: 'failed after the restart (exit-code)',
      pidAfter: null,
    });
  });

  it('gives up after the start timeout', async () => {
    const runner = scripted(
      [shown('active', 'running', 812), shown('activating', 'auto-restart', 0)],
      done,
      [],
    );
    const started = Date.now();
    const outcome = await provider(runner, { startTimeoutMs: 1_000 }).restart(UNIT);
    expect(outcome).toMatchObject({
      ok: false,
      detail: 'not running again within 1s (activating/auto-restart)',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('refuses in read-only mode before running anything', async () => {
    const calls: string[][] = [];
    const runner = scripted([shown('active', 'running', 812)], done, calls);
    const refused = provider(runner, { readOnly: true }).restart(UNIT);
    await expect(refused).rejects.toBeInstanceOf(ActionRefusedError);
    await expect(refused).rejects.toThrow(/^read-only mode: restart is disabled/);
    expect(calls).toEqual([]);
  });

  it('refuses a unit outside the configured units and globs', async () => {
    const calls: string[][] = [];
    const p = provider(scripted([shown('active', 'running', 1)], done, calls));
    await expect(p.restart('sshd.service')).rejects.toBeInstanceOf(ActionRefusedError);
    await expect(p.restart('frappe-bench-workers.target')).rejects.toThrow(
      /is not a unit of systemd/,
    );
    expect(calls).toEqual([]);
  });

  it('describes the call it makes', () => {
    const runner = scripted([], done, []);
    expect(provider(runner).describeRestart(UNIT)).toBe(`systemctl restart ${UNIT}`);
    expect(provider(runner, { user: true }).describeRestart(UNIT)).toBe(
      `systemctl --user restart ${UNIT}`,
    );
    expect(provider(runner, { user: true }).label).toBe(
      'systemd (frappe-bench-*worker*, frappe-bench-frappe-web) --user',
    );
  });
});
