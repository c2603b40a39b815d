import type { InstanceLogLine, InstanceResources, ServiceInstance } from '../service-provider.js';
import { extractArgv } from './extract-argv.js';
import { mapUnitState } from './map-unit-state.js';
import { nameUnit } from './name-unit.js';
import type { SystemdUnit } from './systemd-unit-schema.js';

/**
 * The last run's exit status, null when the main process never exited. Killed by a
 * signal (ExecMainCode 2, 3 with a core dump), ExecMainStatus is the signal: reported
 * as 128 + signal, the shell's and Docker's convention (SIGKILL → 137).
 */
function exitCode(unit: SystemdUnit): number | null {
  const status = unit.ExecMainStatus;
  if (status === null) return null;
  if (unit.ExecMainCode === 1) return status;
  if (unit.ExecMainCode === 2 || unit.ExecMainCode === 3) return 128 + status;
  return null;
}

/** Pure: one parsed unit → the instance every panel reads. */
export function buildSystemdInstance(
  unit: SystemdUnit,
  resources: InstanceResources | null,
  lastLog: InstanceLogLine | null,
): ServiceInstance {
  const { state, stateText } = mapUnitState(unit);
  const running = state === 'running';
  const pid = unit.MainPID === null || unit.MainPID === 0 ? null : unit.MainPID;
  return {
    id: unit.Id,
    ...nameUnit(unit.Id),
    state,
    stateText,
    pid,
    startedAt: running ? (unit.ExecMainStartTimestamp ?? unit.ActiveEnterTimestamp) : null,
    stoppedAt: unit.InactiveEnterTimestamp,
    exitCode: running ? null : exitCode(unit),
    restarts: unit.NRestarts,
    command: extractArgv(unit.ExecStart),
    resources,
    lastLog,
  };
}
