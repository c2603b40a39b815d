import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What a unit's cgroup says about it; null = that file was not readable. */
export interface CgroupUsage {
  readonly memoryBytes: number | null;
  /** CPU time of every process the cgroup ever held, nanoseconds. */
  readonly cpuNsec: number | null;
  readonly tasks: number | null;
}

/** A file holding one number, or the number after `key ` on one of its lines (cpu.stat). */
async function readNumber(path: string, key?: string): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  const raw =
    key === undefined
      ? text
      : text
          .split('\n')
          .find((line) => line.startsWith(`${key} `))
          ?.slice(key.length);
  const digits = raw?.trim() ?? '';
  return /^\d+$/.test(digits) ? Number(digits) : null;
}

/**
 * The cgroup's own counters, for units systemd does not account (MemoryCurrent and
 * friends `[not set]`): cgroup v2 first (`<root><cg>/memory.current`, `cpu.stat`'s
 * `usage_usec`, `pids.current`), then v1's per-controller hierarchies
 * (`<root>/memory<cg>/memory.usage_in_bytes`, `cpuacct<cg>/cpuacct.usage` in ns,
 * `pids<cg>/pids.current`). v1's memory usage counts page cache too: it is larger than
 * the processes' RSS. Null when nothing could be read.
 */
export async function readCgroupUsage(
  root: string,
  controlGroup: string,
): Promise<CgroupUsage | null> {
  const v2 = join(root, controlGroup);
  const usec = await readNumber(join(v2, 'cpu.stat'), 'usage_usec');
  const usage = {
    memoryBytes:
      (await readNumber(join(v2, 'memory.current'))) ??
      (await readNumber(join(root, 'memory', controlGroup, 'memory.usage_in_bytes'))),
    cpuNsec:
      usec === null
        ? await readNumber(join(root, 'cpuacct', controlGroup, 'cpuacct.usage'))
        : usec * 1000,
    tasks:
      (await readNumber(join(v2, 'pids.current'))) ??
      (await readNumber(join(root, 'pids', controlGroup, 'pids.current'))),
  };
  const known = usage.memoryBytes !== null || usage.cpuNsec !== null || usage.tasks !== null;
  return known ? usage : null;
}
