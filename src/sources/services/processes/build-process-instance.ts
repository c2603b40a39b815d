import { formatAge } from '../../../shared/format-age.js';
import type { InstanceLogLine, InstanceState, ServiceInstance } from '../service-provider.js';
import type { DiscoveredProcess } from './discovered-process.js';

export interface ProcessClock {
  /** Boot time (epoch ms), null when /proc/stat could not be read. */
  readonly bootTime: number | null;
  /** USER_HZ, the unit of a process's start time. */
  readonly clockTicks: number;
  readonly now: number;
}

/** A live process's state: stopped by a signal (SIGSTOP, a debugger) or running. */
function liveState(code: string): InstanceState {
  return code === 'T' || code === 't' ? 'stopped' : 'running';
}

/** Pure: a discovered process → the instance every panel reads. Resources are the collector's. */
export function buildProcessInstance(
  found: DiscoveredProcess,
  service: string,
  clock: ProcessClock,
  lastLog: InstanceLogLine | null,
): ServiceInstance {
  const base = {
    id: found.id,
    name: found.name,
    service,
    number: found.number,
    stoppedAt: null,
    exitCode: null,
    restarts: null,
    resources: null,
    lastLog,
  };
  const stat = found.stat;
  if (stat === null) {
    const stateText =
      found.problem ??
      (found.stalePid === null ? 'not running' : `pid ${found.stalePid} not running`);
    return {
      ...base,
      state: found.problem === null ? 'exited' : 'unknown',
      stateText,
      pid: null,
      startedAt: null,
      command: null,
    };
  }
  const startedAt =
    clock.bootTime === null ? null : clock.bootTime + (stat.starttime / clock.clockTicks) * 1000;
  const up = startedAt === null ? '' : `, up ${formatAge((clock.now - startedAt) / 1000)}`;
  const state = liveState(stat.state);
  return {
    ...base,
    state,
    stateText: `pid ${stat.pid}${state === 'stopped' ? ', stopped by a signal' : up}`,
    pid: stat.pid,
    startedAt: startedAt !== null && Number.isFinite(startedAt) ? Math.round(startedAt) : null,
    command: found.cmdline === '' ? null : found.cmdline,
  };
}
