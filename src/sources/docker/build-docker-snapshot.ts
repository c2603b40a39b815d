import type { DockerContainer, DockerEngineInfo, DockerSnapshot } from './docker-snapshot.js';
import { groupServices } from './group-services.js';
import type { SwarmSnapshot } from './swarm/swarm-snapshot.js';
import { compareText } from '../../shared/compare-text.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Pure: the containers of one refresh → the immutable snapshot the store publishes. */
export function buildDockerSnapshot(input: {
  endpoint: string;
  engine: DockerEngineInfo | null;
  containers: readonly DockerContainer[];
  eventsConnected: boolean;
  statsMode: DockerSnapshot['statsMode'];
  resyncedAt: number;
  logsReadAt: number | null;
  swarm?: SwarmSnapshot | null;
  swarmError?: string | null;
  /** Whether a Swarm service (by its full name) is a worker: the config's workerPattern. */
  swarmWorker?: (name: string) => boolean;
}): DockerSnapshot {
  // A Swarm keeps the exited containers of replaced and failed tasks (its task history):
  // they are not replicas that are down, and the Swarm rows already say why tasks failed.
  const containers = input.containers.filter(
    (c) => c.swarmService === undefined || c.state === 'running',
  );
  const services = groupServices(containers);
  const swarm = input.swarm ?? null;
  const isWorker = input.swarmWorker ?? (() => false);
  // In a swarm the orchestrator's counts are the truth: replicas on other nodes have no
  // container here, so worker services count running/desired tasks instead.
  const swarmKeys = new Set(swarm?.services.map((s) => s.key));
  const local = services.filter((s) => s.role === 'worker' && !swarmKeys.has(s.key));
  const swarmWorkers = swarm?.services.filter((s) => isWorker(s.name)) ?? [];
  const jobs = containers
    .filter((c) => c.role === 'job')
    .sort((a, b) => a.createdAt - b.createdAt || compareText(a.name, b.name));
  return deepFreeze({
    endpoint: input.endpoint,
    engine: input.engine,
    services,
    jobs,
    workers: {
      running:
        local.reduce((n, s) => n + s.running, 0) +
        swarmWorkers.reduce((n, s) => n + Math.min(s.running, s.desired), 0),
      total:
        local.reduce((n, s) => n + s.containers.length, 0) +
        swarmWorkers.reduce((n, s) => n + s.desired, 0),
    },
    eventsConnected: input.eventsConnected,
    statsMode: input.statsMode,
    resyncedAt: input.resyncedAt,
    logsReadAt: input.logsReadAt,
    swarm,
    swarmError: input.swarmError ?? null,
  });
}
