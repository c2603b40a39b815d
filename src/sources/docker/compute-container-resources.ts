import type { ContainerResources } from './docker-snapshot.js';
import type { CpuCounters, StatsSample } from './read-stats-sample.js';

const MiB = 1024 * 1024;

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * CPU % of one core between two samples, as the Docker CLI computes it:
 * (container ns / host ns) × online CPUs × 100. Null when there is no interval (first
 * sample) or the counters went backwards (the container restarted in between).
 */
function cpuPercent(current: CpuCounters | null, previous: CpuCounters | null): number | null {
  if (current === null || previous === null) return null;
  const cpuDelta = current.total - previous.total;
  const systemDelta = current.system - previous.system;
  if (systemDelta <= 0 || cpuDelta < 0 || current.onlineCpus <= 0) return null;
  return finite((cpuDelta / systemDelta) * current.onlineCpus * 100);
}

/**
 * Pure: one stats sample → the figures the panel shows. `previous` is used when the
 * sample has no `precpu_stats` of its own (a stream's first message, one-shot polling):
 * then the interval is the one between our two samples.
 */
export function computeContainerResources(
  sample: StatsSample,
  previous: CpuCounters | null,
  at: number,
): ContainerResources {
  const mem = sample.memory;
  let memoryBytes: number | null = null;
  if (mem !== null) {
    // The CLI subtracts the cache only when it is smaller than the usage (it can lag).
    memoryBytes =
      mem.inactiveFile !== null && mem.inactiveFile < mem.usage
        ? mem.usage - mem.inactiveFile
        : mem.usage;
  }
  const limit = mem?.limit ?? null;
  return {
    at,
    cpuPercent: cpuPercent(sample.cpu, sample.precpu ?? previous),
    memoryBytes,
    memoryMiB: memoryBytes === null ? null : finite(memoryBytes / MiB),
    memoryLimitBytes: limit,
    memoryPercent:
      memoryBytes === null || limit === null ? null : finite((memoryBytes / limit) * 100),
    netRxBytes: sample.net?.rx ?? null,
    netTxBytes: sample.net?.tx ?? null,
    blockReadBytes: sample.block?.read ?? null,
    blockWriteBytes: sample.block?.write ?? null,
    pids: sample.pids,
  };
}
