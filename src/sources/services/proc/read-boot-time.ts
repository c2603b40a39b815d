import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * When the machine booted (epoch ms), from the `btime` line of `/proc/stat`; null when it
 * cannot be read. A process's start time (stat field 22) counts clock ticks from here.
 */
export function readBootTime(procRoot = '/proc'): number | null {
  let text: string;
  try {
    text = readFileSync(join(procRoot, 'stat'), 'utf8');
  } catch {
    return null;
  }
  const match = /^btime\s+(\d+)\s*$/m.exec(text);
  return match?.[1] === undefined ? null : Number(match[1]) * 1000;
}
