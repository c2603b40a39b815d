import type { ProcStat } from '../proc/parse-proc-stat.js';

/** Pure: a process that still runs; a zombie (Z) or dead (X) one has exited, whatever its pid. */
export function isLiveProcess(stat: ProcStat | null): stat is ProcStat {
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}
