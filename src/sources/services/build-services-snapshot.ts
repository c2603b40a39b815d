import type {
  ContainerResources,
  DockerContainer,
  DockerSnapshot,
  LogLine,
} from '../docker/docker-snapshot.js';
import { groupServices } from '../docker/group-services.js';
import { placeInstance } from './place-instance.js';
import type {
  InstanceResources,
  InstanceState,
  ServiceInstance,
  ServiceProviderKind,
  ServicesListing,
} from './service-provider.js';

export interface ServicesSnapshotInput {
  readonly kind: ServiceProviderKind;
  readonly listing: ServicesListing;
  /** /proc samples by pid, for instances whose provider measures nothing itself. */
  readonly sampled: ReadonlyMap<number, InstanceResources>;
  /** Restarts observed by the collector, by instance id (providers that keep no count). */
  readonly observedRestarts: ReadonlyMap<string, number>;
  /** Services (or instance names) matching this are workers. */
  readonly workerPattern: RegExp;
  readonly now: number;
}

/** The engine-state words every panel already reads, from the provider's vocabulary. */
const CONTAINER_STATE: Readonly<Record<InstanceState, string>> = {
  running: 'running',
  stopping: 'running',
  starting: 'restarting',
  backoff: 'restarting',
  stopped: 'exited',
  exited: 'exited',
  fatal: 'dead',
  unknown: 'unknown',
};

function resourcesOf(r: InstanceResources | null): ContainerResources | null {
  if (r === null) return null;
  const mib = r.rssBytes === null ? null : r.rssBytes / 1_048_576;
  return {
    at: r.at,
    cpuPercent: r.cpuPercent,
    memoryBytes: r.rssBytes,
    memoryMiB: mib,
    memoryLimitBytes: null,
    memoryPercent: null,
    netRxBytes: null,
    netTxBytes: null,
    blockReadBytes: null,
    blockWriteBytes: null,
    pids: r.pids,
  };
}

function logOf(instance: ServiceInstance): LogLine | null {
  const l = instance.lastLog;
  return l === null
    ? null
    : { text: l.text, stream: l.stream, at: l.at, level: null, truncated: false };
}

function containerOf(
  kind: ServiceProviderKind,
  i: ServiceInstance,
  input: ServicesSnapshotInput,
): DockerContainer {
  const place = placeInstance(kind, i);
  const worker = input.workerPattern.test(place.service) || input.workerPattern.test(i.name);
  const live = i.state === 'running' || i.state === 'stopping' || i.state === 'starting';
  const sampled = i.pid === null || !live ? undefined : input.sampled.get(i.pid);
  return {
    id: i.id,
    name: i.name,
    project: place.project,
    service: place.service,
    number: i.number,
    role: worker ? 'worker' : 'service',
    image: i.command ?? kind,
    state: CONTAINER_STATE[i.state],
    status: i.stateText,
    health: 'none',
    createdAt: i.startedAt ?? i.stoppedAt ?? 0,
    startedAt: live ? i.startedAt : null,
    finishedAt: live ? null : i.stoppedAt,
    restartCount: i.restarts ?? input.observedRestarts.get(i.id) ?? 0,
    exitCode: live ? null : i.exitCode,
    oomKilled: false,
    ports: [],
    tty: false,
    job: null,
    resources: live ? resourcesOf(i.resources ?? sampled ?? null) : null,
    lastLog: logOf(i),
    pid: i.pid,
    crashLooping: i.state === 'backoff' || i.state === 'fatal',
  };
}

/**
 * Pure: a provider's listing as the snapshot the Docker collector publishes, so the
 * Services and Workers panels, alert rules, healing and `status --json` read one shape
 * whatever runs the workers. Instances become containers of `project/service` groups
 * (placeInstance); resources come from the provider (systemd's cgroup) or /proc.
 */
export function buildServicesSnapshot(input: ServicesSnapshotInput): DockerSnapshot {
  const containers = input.listing.instances.map((i) => containerOf(input.kind, i, input));
  const services = groupServices(containers);
  const workers = services.filter((s) => s.role === 'worker');
  return {
    endpoint: input.listing.endpoint,
    provider: input.kind,
    engine:
      input.listing.version === null
        ? null
        : {
            version: input.listing.version,
            os: null,
            cgroupVersion: null,
            cpus: null,
            memoryBytes: null,
          },
    services,
    jobs: [],
    workers: {
      running: workers.reduce((n, s) => n + s.running, 0),
      total: workers.reduce((n, s) => n + s.containers.length, 0),
    },
    eventsConnected: false,
    statsMode: 'poll',
    resyncedAt: input.now,
    logsReadAt: input.now,
  };
}
