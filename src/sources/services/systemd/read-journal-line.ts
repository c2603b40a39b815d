import { cleanLogText } from '../../docker/clean-log-text.js';
import type { InstanceLogLine } from '../service-provider.js';
import { systemctlArgs } from './systemctl-args.js';
import type { SystemctlRunner } from './systemctl-runner.js';

/** journalctl's own notes, not log lines (`-- No entries --`, `-- Boot 3f2a… --`). */
const NOTE = /^-- .* --$/;

/**
 * A unit's last journal line (`journalctl -u <unit> -n 1 -o cat`), null when there is none
 * or journalctl fails (no permission to read the journal, not installed). Never throws:
 * a missing log line must not fail the listing. `-o cat` prints no time, so `at` is null;
 * the journal does not keep stdout and stderr apart, and `stdout` is the neutral guess.
 */
export async function readJournalLine(
  runner: SystemctlRunner,
  user: boolean,
  unit: string,
  signal?: AbortSignal,
): Promise<InstanceLogLine | null> {
  try {
    const result = await runner('journalctl', systemctlArgs.journal(user, unit), signal);
    if (result.code !== 0) return null;
    const lines = result.stdout.split('\n');
    for (let index = lines.length - 1; index >= 0; index--) {
      const text = cleanLogText(lines[index] ?? '');
      if (text !== '' && !NOTE.test(text)) return { text, stream: 'stdout', at: null };
    }
    return null;
  } catch {
    return null;
  }
}
