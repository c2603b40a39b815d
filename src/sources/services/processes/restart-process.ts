import { ActionRefusedError } from '../../../shared/errors.js';
import { formatAge } from '../../../shared/format-age.js';
import type { InstanceRestartOutcome } from '../service-provider.js';
import { buildRestartCommand } from './build-restart-command.js';
import { locateProcess } from './locate-process.js';
import type { ProcessTarget } from './resolve-process-target.js';
import { runShellCommand } from './run-shell-command.js';
import { sleep } from '../../../shared/sleep.js';

const POLL_MS = 100;

export interface RestartProcessOptions {
  readonly procRoot: string;
  readonly startTimeoutMs: number;
  readonly signal?: AbortSignal;
}

/** SIGTERM; a pid that is already gone is fine (it is being respawned). Returns why not, or null. */
function terminate(pid: number): string | null {
  try {
    process.kill(pid, 'SIGTERM');
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return null;
    return code === 'EPERM'
      ? `not permitted to signal pid ${pid} (run jobdeck as the user the process runs as)`
      : `kill -TERM ${pid} failed: ${code ?? 'unknown error'}`;
  }
}

/**
 * Runs the group's restart command (or SIGTERMs the pid, for processes whose parent
 * respawns them), then polls every 100 ms for up to `startTimeoutMs` until the instance
 * runs with a pid it did not have before. The command gets its own `startTimeoutMs`: a
 * `supervisorctl restart` may take a while to stop the old process.
 */
export async function restartProcess(
  id: string,
  target: ProcessTarget,
  options: RestartProcessOptions,
): Promise<InstanceRestartOutcome> {
  const before = await locateProcess(target, options.procRoot);
  const pidBefore = before.pid;
  const template = target.group.restart;
  const fail = (detail: string): InstanceRestartOutcome => ({
    id,
    ok: false,
    detail,
    pidBefore,
    pidAfter: null,
  });
  if (template === undefined) {
    // Never signal pid 1 (init; in a container, the container) or a non-pid.
    if (pidBefore === null || pidBefore <= 1) {
      throw new ActionRefusedError(
        `${id} is not running and group ${target.group.name} has no restart command: nothing to signal`,
      );
    }
    const refused = terminate(pidBefore);
    if (refused !== null) return fail(refused);
  } else {
    const command = buildRestartCommand(template, pidBefore, before.name);
    const env = {
      JOBDECK_PID: pidBefore === null ? '' : String(pidBefore),
      JOBDECK_NAME: before.name,
    };
    const ran = await runShellCommand(command, env, options.startTimeoutMs, options.signal);
    if (!ran.ok) {
      const how = ran.code === null ? '' : ` (exit ${ran.code})`;
      return fail(`restart command failed${how}${ran.lastLine === '' ? '' : `: ${ran.lastLine}`}`);
    }
  }

  const known = new Set(before.pids);
  const deadline = Date.now() + options.startTimeoutMs;
  for (;;) {
    if (options.signal?.aborted === true)
      return fail('cancelled while waiting for it to run again');
    const now = await locateProcess(target, options.procRoot);
    // A match group: any process that was not there before; newest first.
    const fresh =
      target.via === 'pidFile'
        ? now.pid !== null && now.pid !== pidBefore
          ? now.pid
          : undefined
        : [...now.pids].reverse().find((pid) => !known.has(pid));
    if (fresh !== undefined) {
      const detail =
        pidBefore === null ? `started (pid ${fresh})` : `restarted (pid ${pidBefore} → ${fresh})`;
      return { id, ok: true, detail, pidBefore, pidAfter: fresh };
    }
    if (Date.now() >= deadline) {
      const within = formatAge(options.startTimeoutMs / 1000);
      if (pidBefore === null) return fail(`no process within ${within}`);
      const stillThere = now.pids.includes(pidBefore);
      return fail(
        stillThere
          ? `pid ${pidBefore} still running after ${within}${template === undefined ? ' (SIGTERM ignored?)' : ''}`
          : `pid ${pidBefore} stopped but no new process within ${within}`,
      );
    }
    await sleep(POLL_MS, options.signal);
  }
}
