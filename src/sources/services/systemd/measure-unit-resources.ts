import type { InstanceResources } from '../service-provider.js';
import { readCgroupUsage } from './read-cgroup-usage.js';
import type { SystemdUnit } from './systemd-unit-schema.js';
import type { UnitCpuMeter } from './unit-cpu-meter.js';

/**
 * A unit's resources as systemd measures them, over its whole cgroup (a forking rq
 * worker and its work horse together): MemoryCurrent, TasksCurrent, and CPU % from
 * CPUUsageNSec. What systemd leaves unset (accounting off) is read from the cgroup's
 * files under `cgroupRoot`. Null when nothing is known, so the collector samples /proc
 * for the main pid instead (a stopped unit has neither).
 */
export async function measureUnitResources(
  unit: SystemdUnit,
  cgroupRoot: string,
  meter: UnitCpuMeter,
  at: number,
): Promise<InstanceResources | null> {
  let memoryBytes = unit.MemoryCurrent;
  let cpuNsec = unit.CPUUsageNSec;
  let tasks = unit.TasksCurrent;
  const cgroup = unit.ControlGroup;
  if ((memoryBytes === null || cpuNsec === null || tasks === null) && cgroup !== null) {
    const usage = await readCgroupUsage(cgroupRoot, cgroup);
    memoryBytes ??= usage?.memoryBytes ?? null;
    cpuNsec ??= usage?.cpuNsec ?? null;
    tasks ??= usage?.tasks ?? null;
  }
  const cpuPercent = meter.sample(unit.Id, unit.ExecMainStartTimestampMonotonic, cpuNsec, at);
  if (memoryBytes === null && cpuNsec === null && tasks === null) return null;
  return { at, cpuPercent, rssBytes: memoryBytes, pids: tasks };
}
