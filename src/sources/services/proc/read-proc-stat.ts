import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProcStat, type ProcStat } from './parse-proc-stat.js';

/**
 * `/proc/<pid>/stat`, parsed; null when the process is gone (or the file is not a stat
 * line). Synchronous on purpose: /proc files are generated in memory by the kernel, and a
 * scan reads hundreds of them, where a promise per file costs more than the read.
 */
export function readProcStat(pid: number, procRoot = '/proc'): ProcStat | null {
  try {
    return parseProcStat(readFileSync(join(procRoot, String(pid), 'stat'), 'utf8'));
  } catch {
    // ENOENT/ESRCH: it exited between the directory listing and the read.
    return null;
  }
}
