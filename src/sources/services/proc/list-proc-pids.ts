import { readdirSync } from 'node:fs';

/** The pids in `/proc` (its numeric entries: thread-group leaders, not threads), ascending. */
export function listProcPids(procRoot = '/proc'): number[] {
  return readdirSync(procRoot)
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .sort((a, b) => a - b);
}
