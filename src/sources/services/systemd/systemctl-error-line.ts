/** What systemd says when polkit refuses the call to a user who is not root. */
const DENIED = /access denied|interactive authentication required|not authorized/i;

/**
 * Pure: one line for a failed systemctl from its stderr. The last line is usually the
 * hint systemctl appends ("See system logs and 'systemctl status x' for details."), so
 * the last line that is not such a hint is taken; a permission refusal says what to do.
 */
export function systemctlErrorLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const reasons = lines.filter((line) => !/^See .* for details\.?$/.test(line));
  const line = reasons.pop() ?? lines.pop() ?? 'no error message';
  return DENIED.test(line) ? `${line} (run jobdeck as root or allow it with polkit/sudo)` : line;
}
