import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `/proc/<pid>/cmdline`: the NUL-separated arguments joined by spaces; null when the
 * process is gone. Kernel threads and zombies have none: the empty string.
 */
export function readCmdline(pid: number, procRoot = '/proc'): string | null {
  let raw: string;
  try {
    raw = readFileSync(join(procRoot, String(pid), 'cmdline'), 'utf8');
  } catch {
    return null;
  }
  return raw
    .split('\0')
    .filter((arg, index, args) => arg !== '' || index < args.length - 1)
    .join(' ');
}
