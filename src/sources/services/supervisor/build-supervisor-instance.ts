import type { InstanceLogLine, InstanceState, ServiceInstance } from '../service-provider.js';
import type { SupervisorProcessInfo } from './supervisor-process-info.js';

const STATES: Readonly<Record<string, InstanceState>> = {
  RUNNING: 'running',
  STARTING: 'starting',
  BACKOFF: 'backoff',
  STOPPING: 'stopping',
  STOPPED: 'stopped',
  EXITED: 'exited',
  FATAL: 'fatal',
};

/** supervisor's namespec: `group:name`, or `name` for a program that is its own group. */
export function namespecOf(info: Pick<SupervisorProcessInfo, 'group' | 'name'>): string {
  return info.group === info.name ? info.name : `${info.group}:${info.name}`;
}

/** Pure: one process of getAllProcessInfo → the instance every panel reads. */
export function buildSupervisorInstance(
  info: SupervisorProcessInfo,
  lastLog: InstanceLogLine | null,
): ServiceInstance {
  const state = STATES[info.statename] ?? 'unknown';
  const live = state === 'running' || state === 'starting' || state === 'stopping';
  const number = /[-_](\d+)$/.exec(info.name)?.[1];
  return {
    id: namespecOf(info),
    name: info.name,
    service: info.group,
    number: number === undefined ? null : Number(number),
    state,
    stateText: info.spawnerr !== '' && !live ? info.spawnerr : info.description || info.statename,
    pid: info.pid > 0 ? info.pid : null,
    startedAt: live && info.start > 0 ? info.start * 1000 : null,
    stoppedAt: info.stop > 0 ? info.stop * 1000 : null,
    exitCode: live ? null : info.exitstatus,
    restarts: null,
    command: null,
    resources: null,
    lastLog,
  };
}
