import type { ProcStat } from '../proc/parse-proc-stat.js';

/** One instance as discovery found it, before it becomes a ServiceInstance. */
export interface DiscoveredProcess {
  readonly id: string;
  readonly name: string;
  readonly number: number | null;
  /** The live process, null when it is not running (a stale pid file). */
  readonly stat: ProcStat | null;
  readonly cmdline: string | null;
  /** What the pid file held when the process is gone, for the state text. */
  readonly stalePid: number | null;
  /** Why there is no pid at all (`pid file holds no process id`), else null. */
  readonly problem: string | null;
}
