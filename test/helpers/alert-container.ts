import type { DockerContainer } from '../../src/sources/docker/docker-snapshot.js';

/** A compose container for rule tests: a running worker replica unless overridden. */
export function alertContainer(
  name: string,
  overrides: Partial<DockerContainer> & {
    memoryMiB?: number | null;
    cpuPercent?: number | null;
  } = {},
): DockerContainer {
  const { memoryMiB = 100, cpuPercent = 5, ...rest } = overrides;
  return {
    id: `id-${name}`,
    name,
    project: 'qfieldcloud',
    service: 'worker_wrapper',
    number: 1,
    role: 'worker',
    image: 'qfieldcloud-worker',
    state: 'running',
    status: 'Up 1 hour',
    health: 'none',
    createdAt: 0,
    startedAt: 0,
    finishedAt: null,
    restartCount: 0,
    exitCode: null,
    oomKilled: false,
    ports: [],
    tty: false,
    job: null,
    resources: {
      at: 0,
      cpuPercent,
      memoryBytes: memoryMiB === null ? null : memoryMiB * 1024 * 1024,
      memoryMiB,
      memoryLimitBytes: null,
      memoryPercent: null,
      netRxBytes: null,
      netTxBytes: null,
      blockReadBytes: null,
      blockWriteBytes: null,
      pids: null,
    },
    lastLog: null,
    ...rest,
  };
}
