import { SourceQueryError } from '../../../shared/errors.js';
import { systemctlErrorLine } from './systemctl-error-line.js';
import type { SystemctlRunner } from './systemctl-runner.js';
import { systemdUnreachable } from './systemd-unreachable.js';

/**
 * One systemctl call that must succeed: its stdout, or a thrown one-line error
 * (SourceUnreachableError when systemd is not there, SourceQueryError otherwise).
 */
export async function runSystemctl(
  runner: SystemctlRunner,
  user: boolean,
  args: readonly string[],
  signal?: AbortSignal,
): Promise<string> {
  const result = await runner('systemctl', args, signal);
  if (result.code === 0) return result.stdout;
  const unreachable = systemdUnreachable(result.stderr, user);
  if (unreachable !== null) throw unreachable;
  const verb = args.find((arg) => !arg.startsWith('-')) ?? 'call';
  const status = result.code === null ? '' : ` (exit ${result.code})`;
  throw new SourceQueryError(
    `systemctl ${verb} failed${status}: ${systemctlErrorLine(result.stderr)}`,
  );
}
