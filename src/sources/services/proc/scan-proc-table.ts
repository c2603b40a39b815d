import { listProcPids } from './list-proc-pids.js';
import type { ProcStat } from './parse-proc-stat.js';
import { readProcStat } from './read-proc-stat.js';

/** Every process's stat, by pid, from one pass over every `/proc/<pid>/stat`; vanished pids are skipped. */
export function scanProcTable(procRoot = '/proc'): Map<number, ProcStat> {
  const table = new Map<number, ProcStat>();
  for (const pid of listProcPids(procRoot)) {
    const stat = readProcStat(pid, procRoot);
    if (stat !== null) table.set(pid, stat);
  }
  return table;
}
