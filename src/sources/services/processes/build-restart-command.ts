import { quoteShell } from './quote-shell.js';

/**
 * Pure: the configured restart command with `{pid}` and `{name}` replaced, for `sh -c`.
 * Only digits ever replace `{pid}` (nothing when the pid is unknown), and `{name}` becomes
 * one single-quoted shell word, so a file name cannot inject shell syntax: write
 * `kill {pid}` or `app restart {name}`, without quoting the placeholder yourself. `{name}`
 * is the pid file's name without `.pid`, or the group's name for a `match` group. The
 * same values are exported as JOBDECK_PID / JOBDECK_NAME for scripts.
 */
export function buildRestartCommand(template: string, pid: number | null, name: string): string {
  const digits = pid !== null && Number.isSafeInteger(pid) && pid > 0 ? String(pid) : '';
  return template.replaceAll('{pid}', digits).replaceAll('{name}', quoteShell(name));
}
