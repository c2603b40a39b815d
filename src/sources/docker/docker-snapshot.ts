import type { SwarmSnapshot } from './swarm/swarm-snapshot.js';

/*
 * What the Docker collector publishes (inside a SourceResult). Plain, frozen data: views
 * derive uptime and ages from the epoch-millisecond times and their own clock.
 */

/** Resources of one running container. Units are in the names; null = not reported. */
export interface ContainerResources {
  /** When this sample arrived (epoch ms). */
  readonly at: number;
  /** CPU in % of ONE core, exactly as `docker stats` computes it (200 = two busy cores). */
  readonly cpuPercent: number | null;
  /** Memory in use minus inactive page cache (`total_inactive_file` v1, `inactive_file` v2). */
  readonly memoryBytes: number | null;
  readonly memoryMiB: number | null;
  readonly memoryLimitBytes: number | null;
  /** memoryBytes / memoryLimitBytes × 100. */
  readonly memoryPercent: number | null;
  /** Summed over interfaces; null when the container has none (`--network none`). */
  readonly netRxBytes: number | null;
  readonly netTxBytes: number | null;
  readonly blockReadBytes: number | null;
  readonly blockWriteBytes: number | null;
  readonly pids: number | null;
}

/** The last non-blank line a container wrote, cleaned for a terminal. */
export interface LogLine {
  readonly text: string;
  /** `tty` when the container has a TTY (stdout and stderr are one stream then). */
  readonly stream: 'stdout' | 'stderr' | 'tty';
  /** When the engine received the line (epoch ms): an idle worker is silent, not dead. */
  readonly at: number | null;
  /** `level` of a JSON log line (QFieldCloud: INFO, WARNING, ERROR...). */
  readonly level: string | null;
  readonly truncated: boolean;
}

export type ContainerRole = 'worker' | 'one-shot' | 'service' | 'job';
/** `none`: the image defines no healthcheck (QFieldCloud's app, worker_wrapper, memcached). */
export type ContainerHealth = 'healthy' | 'unhealthy' | 'starting' | 'none';

export interface JobLabels {
  readonly id: string | null;
  readonly type: string | null;
  readonly projectId: string | null;
}

export interface DockerContainer {
  readonly id: string;
  /** Without the leading slash: `qfieldcloud-worker_wrapper-1`. */
  readonly name: string;
  readonly project: string | null;
  readonly service: string | null;
  /** `com.docker.compose.container-number`. */
  readonly number: number | null;
  readonly role: ContainerRole;
  readonly image: string;
  /** Engine state: created, running, paused, restarting, removing, exited, dead. */
  readonly state: string;
  /** The engine's own phrase: "Up 3 hours", "Exited (137) 2 seconds ago". */
  readonly status: string;
  readonly health: ContainerHealth;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /**
   * Restarts done by the engine's restart policy since the last manual start. Docker
   * resets it to 0 on `docker start`/`docker restart` (checked on Engine 20.10).
   */
  readonly restartCount: number | null;
  /** Exit code of a container that is not running; null while it runs. */
  readonly exitCode: number | null;
  readonly oomKilled: boolean;
  /** Published ports: `0.0.0.0:8011->8000/tcp`. */
  readonly ports: readonly string[];
  readonly tty: boolean;
  /** Per-job containers (QFieldCloud's `app=<ENVIRONMENT>_worker`): their job labels. */
  readonly job: JobLabels | null;
  readonly resources: ContainerResources | null;
  readonly lastLog: LogLine | null;
  /**
   * The main pid, for instances of a service provider (supervisor, systemd, processes):
   * workers that name themselves `host.pid` are joined by it. Absent for containers.
   */
  readonly pid?: number | null;
  /**
   * The provider itself says it is crash-looping (supervisor BACKOFF/FATAL, systemd
   * auto-restart/failed): a loop faster than the reads that no restart count shows.
   */
  readonly crashLooping?: boolean;
  /**
   * A Swarm task's container: its service's full name. Swarm restarts tasks itself and
   * restarts services by rolling update; absent for other containers.
   */
  readonly swarmService?: string;
}

/**
 * `up` all replicas running; `degraded` some; `down` none; one-shot services are
 * `completed` when every container exited 0 and `failed` when one exited otherwise.
 */
export type ServiceState = 'up' | 'degraded' | 'down' | 'completed' | 'failed';

export interface DockerService {
  /** `project/service`. */
  readonly key: string;
  readonly project: string;
  readonly service: string;
  readonly role: Exclude<ContainerRole, 'job'>;
  readonly state: ServiceState;
  readonly running: number;
  /** Replicas, by container number. */
  readonly containers: readonly DockerContainer[];
}

export interface DockerEngineInfo {
  readonly version: string | null;
  readonly os: string | null;
  readonly cgroupVersion: string | null;
  readonly cpus: number | null;
  readonly memoryBytes: number | null;
  /**
   * Swarm mode: the node's state (active, pending, error, locked) and whether it is a
   * manager (only managers answer /services, /tasks, /nodes). Null when not in a swarm.
   * Optional so that hand-built snapshots from before Swarm support stay valid.
   */
  readonly swarm?: { readonly state: string; readonly manager: boolean } | null;
}

export interface DockerSnapshot {
  /** `unix:///var/run/docker.sock`, `ssh://deploy@vps1`... */
  readonly endpoint: string;
  /**
   * What runs the services: the Docker engine, or a service provider whose instances
   * are shown as containers (DESIGN.md "Service providers"). Absent means Docker.
   */
  readonly provider?: 'docker' | 'supervisor' | 'systemd' | 'processes';
  readonly engine: DockerEngineInfo | null;
  /** Sorted by project, then service name. */
  readonly services: readonly DockerService[];
  /** Running and finished per-job containers, oldest first. */
  readonly jobs: readonly DockerContainer[];
  /** Over all worker services: replicas running / existing. */
  readonly workers: { readonly running: number; readonly total: number };
  /** Whether the event stream is connected (when not, changes show at the next resync). */
  readonly eventsConnected: boolean;
  readonly statsMode: 'stream' | 'poll';
  /** Last full list + inspect. */
  readonly resyncedAt: number;
  /**
   * End of the last round of log reads; until then a null `lastLog` means "not read yet"
   * rather than "wrote nothing". Null (or absent) when logs are off or not read yet.
   * Optional only so that snapshots built by hand before this field existed stay valid.
   */
  readonly logsReadAt?: number | null;
  /**
   * The Swarm's services, tasks and nodes when the engine is a manager; null otherwise
   * (or before the first read). Absent in snapshots of service providers.
   */
  readonly swarm?: SwarmSnapshot | null;
  /** Why the last Swarm read failed (the containers above may still be current). */
  readonly swarmError?: string | null;
}
