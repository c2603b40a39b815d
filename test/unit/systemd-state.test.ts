import { describe, expect, it } from 'vitest';
import { buildSystemdInstance } from '../../src/sources/services/systemd/build-systemd-instance.js';
import { mapUnitState } from '../../src/sources/services/systemd/map-unit-state.js';
import { nameUnit } from '../../src/sources/services/systemd/name-unit.js';
import { parseSystemdUnits } from '../../src/sources/services/systemd/parse-systemd-units.js';

const unit = (ActiveState: string, SubState: string, Result: string | null = 'success') => ({
  LoadState: 'loaded',
  ActiveState,
  SubState,
  Result,
});

describe('mapUnitState', () => {
  it.each([
    [unit('active', 'running'), 'running', 'active/running'],
    [unit('reloading', 'reload'), 'running', 'reloading/reload'],
    [
      unit('activating', 'auto-restart', 'exit-code'),
      'backoff',
      'activating/auto-restart (exit-code)',
    ],
    [unit('activating', 'start'), 'starting', 'activating/start'],
    [unit('activating', 'start-pre'), 'starting', 'activating/start-pre'],
    [unit('deactivating', 'stop-sigterm'), 'stopping', 'deactivating/stop-sigterm'],
    [unit('inactive', 'dead'), 'stopped', 'inactive/dead'],
    [unit('inactive', 'dead', 'signal'), 'exited', 'inactive/dead (signal)'],
    [unit('failed', 'failed', 'exit-code'), 'fatal', 'failed/failed (exit-code)'],
    [unit('maintenance', 'cleaning'), 'unknown', 'maintenance/cleaning'],
  ])('%o → %s', (fields, state, stateText) => {
    expect(mapUnitState(fields)).toEqual({ state, stateText });
  });

  it('says when the unit does not exist', () => {
    expect(mapUnitState({ ...unit('inactive', 'dead'), LoadState: 'not-found' })).toEqual({
      state: 'unknown',
      stateText: 'unit not found',
    });
  });
});

describe('nameUnit', () => {
  it('makes a template instance a numbered replica of its template', () => {
    expect(nameUnit('frappe-bench-frappe-short-worker@2.service')).toEqual({
      name: 'frappe-bench-frappe-short-worker@2',
      service: 'frappe-bench-frappe-short-worker',
      number: 2,
    });
  });

  it('numbers other units by their trailing digits', () => {
    expect(nameUnit('frappe-bench-frappe-web.service')).toEqual({
      name: 'frappe-bench-frappe-web',
      service: 'frappe-bench-frappe-web',
      number: null,
    });
    expect(nameUnit('worker-3.service').number).toBe(3);
    expect(nameUnit('site@acme2.service')).toEqual({
      name: 'site@acme2',
      service: 'site',
      number: 2,
    });
    expect(nameUnit('backup.timer').name).toBe('backup.timer');
  });
});

describe('buildSystemdInstance', () => {
  const block = (extra: string): string =>
    `Id=w@1.service\nLoadState=loaded\nMainPID=0\nExecMainStatus=9\nActiveEnterTimestamp=Sun 2026-12-06 10:00:00 UTC\n${extra}`;
  const build = (extra: string) => {
    const [parsed] = parseSystemdUnits(block(extra));
    if (parsed === undefined) throw new Error('no unit');
    return buildSystemdInstance(parsed, null, null);
  };

  it('reports a kill by signal as 128 + signal, and no exit code while running', () => {
    expect(
      build('ActiveState=failed\nSubState=failed\nExecMainCode=2\nResult=signal').exitCode,
    ).toBe(137);
    expect(
      build('ActiveState=failed\nSubState=failed\nExecMainCode=1\nResult=exit-code').exitCode,
    ).toBe(9);
    expect(build('ActiveState=inactive\nSubState=dead\nExecMainCode=0').exitCode).toBeNull();
    const running = build('ActiveState=active\nSubState=running\nExecMainCode=1\nMainPID=5');
    expect(running.exitCode).toBeNull();
    // Without ExecMainStartTimestamp the start is when the unit became active.
    expect(running.startedAt).toBe(Date.UTC(2026, 11, 6, 10, 0, 0));
    expect(running.pid).toBe(5);
  });

  it('has no pid and no start time when not running', () => {
    const stopped = build('ActiveState=inactive\nSubState=dead');
    expect(stopped.pid).toBeNull();
    expect(stopped.startedAt).toBeNull();
  });
});
