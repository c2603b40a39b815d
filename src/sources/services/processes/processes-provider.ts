import { accessSync, constants } from 'node:fs';
import type { ProcessGroupConfig } from '../../../config/services-config-schema.js';
import {
  ActionRefusedError,
  errorLine,
  SourceQueryError,
  SourceUnreachableError,
} from '../../../shared/errors.js';
import { readBootTime } from '../proc/read-boot-time.js';
import {
  PROVIDER_READ_ONLY,
  type InstanceRestartOutcome,
  type ServiceInstance,
  type ServiceProvider,
  type ServicesListing,
} from '../service-provider.js';
import { buildProcessInstance } from './build-process-instance.js';
import { buildRestartCommand } from './build-restart-command.js';
import type { DiscoveredProcess } from './discovered-process.js';
import { findMatchingProcesses } from './find-matching-processes.js';
import { findPidFileProcesses } from './find-pid-file-processes.js';
import { ProcSnapshot } from './proc-snapshot.js';
import { quoteShell } from './quote-shell.js';
import { readLastLogLine } from './read-last-log-line.js';
import { pidFileName } from './pid-file-name.js';
import { readPidFileSync } from './read-pid-file-sync.js';
import { resolveProcessTarget, type ProcessTarget } from './resolve-process-target.js';
import { restartProcess } from './restart-process.js';

export interface ProcessesProviderOptions {
  readonly groups: readonly ProcessGroupConfig[];
  readonly readOnly: boolean;
  readonly startTimeoutMs: number;
  /** Where procfs is mounted (tests); default `/proc`. */
  readonly procRoot?: string;
}

/** USER_HZ: start times in /proc count these. 100 on every Linux build that matters. */
const CLOCK_TICKS = 100;

/** Plain processes, found by pid files or by their command line in /proc (services.processes). */
export class ProcessesProvider implements ServiceProvider {
  readonly kind = 'processes';
  readonly label: string;
  readonly #options: ProcessesProviderOptions;
  readonly #procRoot: string;

  constructor(options: ProcessesProviderOptions) {
    this.#options = options;
    this.#procRoot = options.procRoot ?? '/proc';
    this.label = `processes (${options.groups.map((g) => g.name).join(', ')})`;
  }

  async list(signal?: AbortSignal): Promise<ServicesListing> {
    try {
      accessSync(this.#procRoot, constants.R_OK);
    } catch (error) {
      throw new SourceUnreachableError(
        `${this.#procRoot} is not readable: the processes provider needs Linux procfs`,
        { cause: error },
      );
    }
    const clock = {
      bootTime: readBootTime(this.#procRoot),
      clockTicks: CLOCK_TICKS,
      now: Date.now(),
    };
    // One process table for every match group of this read.
    const snapshot = this.#options.groups.some((g) => g.match !== undefined)
      ? new ProcSnapshot(this.#procRoot)
      : null;
    const instances: ServiceInstance[] = [];
    for (const group of this.#options.groups) {
      signal?.throwIfAborted();
      for (const found of await this.#discover(group, snapshot)) {
        const logFile = group.logFile?.replaceAll('{name}', found.name);
        const lastLog = logFile === undefined ? null : await readLastLogLine(logFile);
        instances.push(buildProcessInstance(found, group.name, clock, lastLog));
      }
    }
    return { endpoint: 'processes', version: null, instances };
  }

  async #discover(
    group: ProcessGroupConfig,
    snapshot: ProcSnapshot | null,
  ): Promise<DiscoveredProcess[]> {
    const found: DiscoveredProcess[] = [];
    if (group.pidFiles !== undefined) {
      try {
        found.push(...(await findPidFileProcesses(group.pidFiles, this.#procRoot)));
      } catch (error) {
        throw new SourceQueryError(
          `cannot read the pid files ${group.pidFiles} of ${group.name}: ${errorLine(error)} (run jobdeck as a user who can read them)`,
          { cause: error },
        );
      }
    }
    if (group.match !== undefined && snapshot !== null) {
      found.push(...findMatchingProcesses(group.name, new RegExp(group.match), snapshot));
    }
    return found;
  }

  async restart(id: string, signal?: AbortSignal): Promise<InstanceRestartOutcome> {
    if (this.#options.readOnly) throw new ActionRefusedError(PROVIDER_READ_ONLY);
    return restartProcess(id, this.#target(id), {
      procRoot: this.#procRoot,
      startTimeoutMs: this.#options.startTimeoutMs,
      signal,
    });
  }

  describeRestart(id: string): string {
    const target = this.#target(id);
    const pid = target.via === 'match' ? target.pid : readPidFileSync(target.path);
    const template = target.group.restart;
    if (template === undefined) {
      const from = target.via === 'match' ? '' : ` from ${target.path}`;
      return `kill -TERM ${pid === null ? `<pid${from}>` : String(pid)}`;
    }
    const name = target.via === 'match' ? target.group.name : pidFileName(target.path);
    return `sh -c ${quoteShell(buildRestartCommand(template, pid, name))}`;
  }

  #target(id: string): ProcessTarget {
    const target = resolveProcessTarget(this.#options.groups, id);
    if (target === null) {
      throw new ActionRefusedError(
        `${id} is not a process instance of ${this.label} (a pid file of a pidFiles glob, or <group>:<pid>)`,
      );
    }
    return target;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
