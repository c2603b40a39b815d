import { formatAge } from '../../../shared/format-age.js';
import type { InstanceRestartOutcome } from '../service-provider.js';
import { parseSystemdUnits } from './parse-systemd-units.js';
import { runSystemctl } from './run-systemctl.js';
import { systemctlArgs } from './systemctl-args.js';
import { systemctlErrorLine } from './systemctl-error-line.js';
import type { SystemctlRunner } from './systemctl-runner.js';
import { systemdUnreachable } from './systemd-unreachable.js';
import { sleep } from '../../../shared/sleep.js';

const POLL_MS = 200;

export interface RestartUnitOptions {
  readonly user: boolean;
  /** Runs the polls (`systemctl show`), bounded by the request timeout. */
  readonly runner: SystemctlRunner;
  /** Runs `systemctl restart` itself, bounded by the start timeout. */
  readonly restartRunner: SystemctlRunner;
  readonly startTimeoutMs: number;
  readonly signal?: AbortSignal;
}

interface MainState {
  readonly pid: number | null;
  readonly active: string;
  readonly sub: string;
  readonly result: string | null;
}

async function mainState(unit: string, options: RestartUnitOptions): Promise<MainState> {
  const args = systemctlArgs.poll(options.user, unit);
  const stdout = await runSystemctl(options.runner, options.user, args, options.signal);
  const shown = parseSystemdUnits(stdout)[0];
  const pid = shown?.MainPID ?? null;
  return {
    pid: pid === 0 ? null : pid,
    active: shown?.ActiveState ?? 'unknown',
    sub: shown?.SubState ?? 'unknown',
    result: shown?.Result ?? null,
  };
}

/**
 * `systemctl restart <unit>`, then polls every 200 ms, for up to `startTimeoutMs` in all,
 * until the unit is active/running with a main pid it did not have before. systemctl
 * returns once the start job is done, which for Type=simple is as soon as the process is
 * forked; the poll is what shows it stayed up. A unit that fails again is reported at once.
 */
export async function restartUnit(
  unit: string,
  options: RestartUnitOptions,
): Promise<InstanceRestartOutcome> {
  const deadline = Date.now() + options.startTimeoutMs;
  const pidBefore = (await mainState(unit, options)).pid;
  const fail = (detail: string): InstanceRestartOutcome => ({
    id: unit,
    ok: false,
    detail,
    pidBefore,
    pidAfter: null,
  });
  const args = systemctlArgs.restart(options.user, unit);
  const ran = await options.restartRunner('systemctl', args, options.signal);
  if (ran.code !== 0) {
    const unreachable = systemdUnreachable(ran.stderr, options.user);
    if (unreachable !== null) throw unreachable;
    return fail(`systemctl restart failed: ${systemctlErrorLine(ran.stderr)}`);
  }
  for (;;) {
    if (options.signal?.aborted === true)
      return fail('cancelled while waiting for it to run again');
    const now = await mainState(unit, options);
    if (now.active === 'active' && now.sub === 'running' && now.pid !== null) {
      if (now.pid !== pidBefore) {
        const detail =
          pidBefore === null
            ? `started (pid ${now.pid})`
            : `restarted (pid ${pidBefore} → ${now.pid})`;
        return { id: unit, ok: true, detail, pidBefore, pidAfter: now.pid };
      }
    }
    if (now.active === 'failed') {
      return fail(`failed after the restart (${now.result ?? 'no result'})`);
    }
    if (Date.now() >= deadline) {
      const within = formatAge(options.startTimeoutMs / 1000);
      return fail(
        now.pid !== null && now.pid === pidBefore
          ? `pid ${now.pid} still running after ${within}`
          : `not running again within ${within} (${now.active}/${now.sub})`,
      );
    }
    await sleep(POLL_MS, options.signal);
  }
}
