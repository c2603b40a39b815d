import { readFileSync } from 'node:fs';

/**
 * The pid in a pid file, read synchronously for `describeRestart` (which must answer
 * at once); null when it is missing or holds no pid. `readPidFile` is the checked,
 * async read used by `list` and `restart`.
 */
export function readPidFileSync(path: string): number | null {
  try {
    const first = readFileSync(path, 'utf8').split('\n')[0]?.trim() ?? '';
    return /^\d+$/.test(first) && Number(first) > 0 ? Number(first) : null;
  } catch {
    return null;
  }
}
