import type { DockerContainer, DockerEngineInfo, DockerSnapshot } from './docker-snapshot.js';
import { groupServices } from './group-services.js';
import type { SwarmSnapshot } from './swarm/swarm-snapshot.js';

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
}): DockerSnapshot {
  const services = groupServices(input.containers);
  const workers = services.filter((s) => s.role === 'worker');
  const jobs = input.containers
    .filter((c) => c.role === 'job')
    .sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
  return deepFreeze({
    endpoint: input.endpoint,
    engine: input.engine,
    services,
    jobs,
    workers: {
      running: workers.reduce((n, s) => n + s.running, 0),
      total: workers.reduce((n, s) => n + s.containers.length, 0),
    },
    eventsConnected: input.eventsConnected,
    statsMode: input.statsMode,
    resyncedAt: input.resyncedAt,
    logsReadAt: input.logsReadAt,
    swarm: input.swarm ?? null,
    swarmError: input.swarmError ?? null,
  });
}
