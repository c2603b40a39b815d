/*
 * Service providers beside Docker (DESIGN.md "Service providers"): supervisor, systemd and
 * plain processes. Each lists the instances it manages and restarts one; the services
 * collector (services-collector.ts) turns the list into the same snapshot the Docker
 * collector publishes, so every panel, alert rule, healing rule and action reads one
 * shape whatever runs the workers.
 */

/** What every provider's restart says in read-only mode (as the queue sources' cleanup does). */
export const PROVIDER_READ_ONLY =
  'read-only mode: restart is disabled (start without --read-only, or pass --write)';

/**
 * One vocabulary for every provider (supervisor's states, lower-cased; systemd's and
 * /proc's mapped onto them):
 * - `running`  up (supervisor RUNNING, systemd active/running, a live process)
 * - `starting` being started (STARTING, activating)
 * - `backoff`  exited too quickly, the provider will retry (BACKOFF, activating/auto-restart)
 * - `stopping` being stopped (STOPPING, deactivating)
 * - `stopped`  stopped on purpose (STOPPED, inactive/dead)
 * - `exited`   exited on its own (EXITED; a process whose pid is gone)
 * - `fatal`    gave up starting it (FATAL, systemd failed)
 * - `unknown`  the provider says UNKNOWN or something new
 */
export type InstanceState =
  'running' | 'starting' | 'backoff' | 'stopping' | 'stopped' | 'exited' | 'fatal' | 'unknown';

/** The last non-blank line an instance wrote (stderr log tail, journal, log file). */
export interface InstanceLogLine {
  readonly text: string;
  readonly stream: 'stdout' | 'stderr';
  /** When it was written (epoch ms), null when the provider does not say. */
  readonly at: number | null;
}

/** Resources as the provider (or /proc, or the unit's cgroup) reports them; null = not known. */
export interface InstanceResources {
  /** When this sample was taken (epoch ms). */
  readonly at: number;
  /** CPU in % of ONE core since the previous sample, over the instance's process tree. */
  readonly cpuPercent: number | null;
  /** Resident memory of the process tree (or the cgroup's memory.current), bytes. */
  readonly rssBytes: number | null;
  /** Processes in the tree (a forking rq worker: the worker and its work horse). */
  readonly pids: number | null;
}

export interface ServiceInstance {
  /** Unique within the provider and what `restart` takes: supervisor `group:name`, a unit, a pid-file path. */
  readonly id: string;
  /** What the operator calls it: `frappe-bench-frappe-short-worker-0`, `worker@1.service`. */
  readonly name: string;
  /** The service it is a replica of (supervisor group, systemd template, configured name). */
  readonly service: string;
  /** Replica number when the name carries one (`…-worker-0` → 0, `worker@2` → 2), else null. */
  readonly number: number | null;
  readonly state: InstanceState;
  /** The provider's own words: supervisor's `description` ("pid 812, uptime 0:03:12"), systemd's SubState. */
  readonly stateText: string;
  readonly pid: number | null;
  /** When the current run started (epoch ms), null when not running or unknown. */
  readonly startedAt: number | null;
  /** When it last stopped (epoch ms), null when unknown. */
  readonly stoppedAt: number | null;
  /** Exit status of the last run when not running, else null. */
  readonly exitCode: number | null;
  /** Restarts the provider itself counts (systemd NRestarts), null when it keeps none (supervisor). */
  readonly restarts: number | null;
  /** The command line, for the details view. */
  readonly command: string | null;
  /**
   * Resources, when the provider measures them itself (systemd's cgroup); null means the
   * collector samples `/proc` for `pid` (supervisor, processes).
   */
  readonly resources: InstanceResources | null;
  readonly lastLog: InstanceLogLine | null;
}

export interface ServicesListing {
  /** Where the provider was read: `unix:///var/run/supervisor.sock`, `systemd`, `processes`. */
  readonly endpoint: string;
  /** The provider's version when it says (supervisor getSupervisorVersion), else null. */
  readonly version: string | null;
  readonly instances: readonly ServiceInstance[];
}

/** What a restart did: the pid before and after, as the provider reports them. */
export interface InstanceRestartOutcome {
  readonly id: string;
  readonly ok: boolean;
  /** One line: "restarted (pid 812 → 907)", "start failed: spawn error". */
  readonly detail: string;
  readonly pidBefore: number | null;
  readonly pidAfter: number | null;
}

export type ServiceProviderKind = 'supervisor' | 'systemd' | 'processes';

export interface ServiceProvider {
  readonly kind: ServiceProviderKind;
  /** The endpoint in one short phrase, for errors and the status bar. */
  readonly label: string;
  /** One read of every configured instance. Throws SourceUnreachableError / SourceQueryError with a one-line message. */
  list(signal?: AbortSignal): Promise<ServicesListing>;
  /**
   * Restarts one instance by id and waits (up to the provider's start timeout) until it
   * runs again. Read-only providers throw ActionRefusedError before any call is made.
   */
  restart(id: string, signal?: AbortSignal): Promise<InstanceRestartOutcome>;
  /** The exact calls `restart(id)` makes, as the confirmation dialog and the audit log show them. */
  describeRestart(id: string): string;
  close(): Promise<void>;
}
