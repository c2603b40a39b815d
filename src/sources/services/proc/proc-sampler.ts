import type { InstanceResources } from '../service-provider.js';
import { collectProcessTree } from './collect-process-tree.js';
import type { ProcStat } from './parse-proc-stat.js';
import { scanProcTable } from './scan-proc-table.js';

export interface ProcSamplerOptions {
  /** Where procfs is mounted; tests point it at a directory of recorded files. */
  readonly procRoot?: string;
  /** `getconf CLK_TCK`: 100 on every Linux build that matters (USER_HZ). */
  readonly clockTicks?: number;
  /** `getconf PAGESIZE`: 4096 on x86-64 and most arm64 kernels. */
  readonly pageSize?: number;
}

/** What the previous sample of one pid saw, to compute its CPU % from. */
interface PreviousSample {
  readonly starttime: number;
  readonly ticks: number;
  readonly at: number;
}

/**
 * CPU ticks of a process tree, counting what its exited children used: a process's
 * `cutime`/`cstime` grow by exactly the `utime+stime(+cutime+cstime)` of each child it
 * waits for, so a child leaving the tree moves its time into its parent instead of out
 * of the sum. That keeps the total monotonic, and it also counts work done by children
 * born and reaped between two samples (an rq work horse per job) that a sum over live
 * processes alone would never see.
 */
function treeTicks(tree: readonly ProcStat[]): number {
  let ticks = 0;
  for (const p of tree) ticks += p.utime + p.stime + p.cutime + p.cstime;
  return ticks;
}

/**
 * Samples the resources of process trees from /proc: RSS and process count now, CPU %
 * (of one core) since the previous sample of the same pid.
 */
export class ProcSampler {
  readonly #procRoot: string;
  readonly #clockTicks: number;
  readonly #pageSize: number;
  readonly #previous = new Map<number, PreviousSample>();

  constructor(opts: ProcSamplerOptions = {}) {
    this.#procRoot = opts.procRoot ?? '/proc';
    this.#clockTicks = opts.clockTicks ?? 100;
    this.#pageSize = opts.pageSize ?? 4096;
  }

  /**
   * One scan of /proc, then the tree of each requested pid (itself and its descendants).
   * A pid that is gone is absent from the result. `now` is epoch ms.
   */
  sample(pids: readonly number[], now: number = Date.now()): Map<number, InstanceResources> {
    const table = scanProcTable(this.#procRoot);
    const children = new Map<number, number[]>();
    for (const stat of table.values()) {
      const siblings = children.get(stat.ppid);
      if (siblings === undefined) children.set(stat.ppid, [stat.pid]);
      else siblings.push(stat.pid);
    }
    // Forget pids that no longer exist, so the map stays as small as the process table.
    for (const pid of this.#previous.keys()) if (!table.has(pid)) this.#previous.delete(pid);

    const result = new Map<number, InstanceResources>();
    for (const pid of new Set(pids)) {
      const tree = collectProcessTree(pid, table, children);
      const root = tree[0];
      if (root === undefined) continue;
      const ticks = treeTicks(tree);
      const before = this.#previous.get(pid);
      this.#previous.set(pid, { starttime: root.starttime, ticks, at: now });
      const rss = tree.reduce((sum, p) => sum + p.rssPages, 0) * this.#pageSize;
      result.set(pid, {
        at: now,
        cpuPercent: before === undefined ? null : this.#cpuPercent(before, root, ticks, now),
        rssBytes: Number.isFinite(rss) ? rss : null,
        pids: tree.length,
      });
    }
    return result;
  }

  #cpuPercent(before: PreviousSample, root: ProcStat, ticks: number, now: number): number | null {
    // A different start time: the pid was reused by another process, nothing to compare.
    if (before.starttime !== root.starttime) return null;
    const seconds = (now - before.at) / 1000;
    if (seconds <= 0) return null;
    // Still clamped: a descendant reparented away (daemonised to init) takes its time along.
    const used = Math.max(0, ticks - before.ticks) / this.#clockTicks;
    const percent = (used / seconds) * 100;
    return Number.isFinite(percent) ? percent : null;
  }
}
