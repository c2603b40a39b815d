import { readProcStat } from '../proc/read-proc-stat.js';
import { findMatchingProcesses } from './find-matching-processes.js';
import { isLiveProcess } from './is-live-process.js';
import { pidFileName } from './pid-file-name.js';
import { ProcSnapshot } from './proc-snapshot.js';
import { readPidFile } from './read-pid-file.js';
import type { ProcessTarget } from './resolve-process-target.js';

export interface LocatedProcess {
  /** What `{name}` stands for: the pid file's name, or the group's for a match group. */
  readonly name: string;
  /** Its live pid, null when it is not running. */
  readonly pid: number | null;
  /** Every live pid of the target, newest last (a match group has several). */
  readonly pids: readonly number[];
}

/** Where a restart target is now: read fresh from its pid file or the process table. */
export async function locateProcess(
  target: ProcessTarget,
  procRoot: string,
): Promise<LocatedProcess> {
  if (target.via === 'pidFile') {
    const name = pidFileName(target.path);
    const content = await readPidFile(target.path);
    const live = content.ok && isLiveProcess(readProcStat(content.pid, procRoot));
    const pid = content.ok && live ? content.pid : null;
    return { name, pid, pids: pid === null ? [] : [pid] };
  }
  const pattern = new RegExp(target.group.match ?? '');
  const found = findMatchingProcesses(target.group.name, pattern, new ProcSnapshot(procRoot));
  const self = found.find((f) => f.stat?.pid === target.pid);
  return {
    // Not the `<group>#<n>` display name: that rank shifts as instances restart.
    name: target.group.name,
    pid: self === undefined ? null : target.pid,
    pids: found.flatMap((f) => (f.stat === null ? [] : [f.stat.pid])),
  };
}
