import type { ProcStat } from '../proc/parse-proc-stat.js';
import type { DiscoveredProcess } from './discovered-process.js';
import { isLiveProcess } from './is-live-process.js';
import type { ProcSnapshot } from './proc-snapshot.js';

/** Whether an ancestor of `stat` is in `matched` (the ppid chain, bounded against loops). */
function hasMatchedAncestor(
  stat: ProcStat,
  matched: ReadonlySet<number>,
  table: ReadonlyMap<number, ProcStat>,
): boolean {
  let parent = table.get(stat.ppid);
  for (let depth = 0; parent !== undefined && depth < 64; depth++) {
    if (matched.has(parent.pid)) return true;
    parent = table.get(parent.ppid);
  }
  return false;
}

/**
 * The live processes whose command line matches `pattern`, jobdeck itself excluded.
 *
 * A matching process under a matching ancestor is not an instance of its own: it is part
 * of the ancestor's tree (an rq worker forks its work horse with the same command line; a
 * gunicorn master's workers repeat its arguments), and the /proc sampler already counts
 * it there.
 *
 * Ids: `<group>:<pid>`. /proc knows nothing more stable about a process found by its
 * command line, and a pid names exactly one process for its life, so history, alerts and
 * the selection never mix two processes; a restarted process is a new instance. The
 * display name `<group>#<n>` and `number` rank the instances by start time (then pid):
 * good for sorting and reading, but they shift when an older instance restarts, which
 * is why they are not the id.
 */
export function findMatchingProcesses(
  group: string,
  pattern: RegExp,
  snapshot: ProcSnapshot,
): DiscoveredProcess[] {
  const matched = new Set<number>();
  for (const stat of snapshot.table.values()) {
    if (stat.pid === process.pid || !isLiveProcess(stat)) continue;
    const cmdline = snapshot.cmdline(stat.pid);
    // Kernel threads and zombies have no command line: nothing to match.
    if (cmdline !== null && cmdline !== '' && pattern.test(cmdline)) matched.add(stat.pid);
  }
  const tops = [...matched]
    .map((pid) => snapshot.table.get(pid))
    .filter((stat): stat is ProcStat => stat !== undefined)
    .filter((stat) => !hasMatchedAncestor(stat, matched, snapshot.table))
    .sort((a, b) => a.starttime - b.starttime || a.pid - b.pid);
  return tops.map((stat, rank) => ({
    id: `${group}:${stat.pid}`,
    name: `${group}#${rank}`,
    number: rank,
    stat,
    cmdline: snapshot.cmdline(stat.pid),
    stalePid: null,
    problem: null,
  }));
}
