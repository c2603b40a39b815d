/*
 * Builders for the data the views show: plain values of the real types, so component
 * tests need no database or Docker engine (the collectors have their own tests).
 */
import type {
  DockerContainer,
  DockerService,
  DockerSnapshot,
} from '../../../src/sources/docker/docker-snapshot.js';
import type { QueueSnapshot, StuckJob } from '../../../src/sources/queue/core/queue-snapshot.js';
import type { AppSnapshot } from '../../../src/store/app-snapshot.js';
import type { Series } from '../../../src/store/series.js';

/** The tests' clock: 2026-11-23 22:00:00 UTC. */
export const NOW = Date.UTC(2026, 10, 23, 22, 0, 0);

export function series(
  values: readonly (number | null)[],
  intervalMs = 2000,
  unit = 'jobs',
): Series {
  return {
    name: 'test',
    unit,
    values: [...values],
    times: values.map((_, i) => NOW - (values.length - 1 - i) * intervalMs),
  };
}

export function stuckJob(overrides: Partial<StuckJob> = {}): StuckJob {
  return {
    id: '6f43af8e-1111-2222-3333-444455556666',
    type: 'package',
    status: 'queued',
    group: 'p1',
    groupLabel: 'alice/survey',
    worker: null,
    createdAt: NOW - 720_000,
    startedAt: null,
    ageSeconds: 720,
    reason: 'queued 12m ago and never started',
    ...overrides,
  };
}

export function queueSnapshot(overrides: Partial<QueueSnapshot> = {}): QueueSnapshot {
  return {
    preset: 'qfieldcloud',
    at: NOW,
    counts: { pending: 3, queued: 1, started: 2, finished: 1204, failed: 87 },
    byType: [],
    total: 1297,
    waiting: 4,
    inFlight: 2,
    oldestWaiting: {
      id: 'a1',
      type: 'package',
      status: 'pending',
      group: 'p1',
      groupLabel: 'alice/survey',
      worker: null,
      createdAt: NOW - 720_000,
      startedAt: null,
      ageSeconds: 720,
    },
    stuck: [],
    blockers: [],
    window: {
      windowSeconds: 3600,
      succeeded: 52,
      failed: 4,
      throughputPerMin: 0.93,
      successRate: 52 / 56,
      failureRate: 4 / 56,
      waitP50: 2,
      waitP95: 14,
      runP50: 31,
      runP95: 123,
    },
    workers: null,
    running: [],
    unattributedRunning: 0,
    refresh: { mode: 'incremental', reason: null, roundTrips: 1, elapsedMs: 3 },
    ...overrides,
  };
}

export function container(overrides: Partial<DockerContainer> = {}): DockerContainer {
  const number = overrides.number ?? 1;
  const service = overrides.service ?? 'worker_wrapper';
  return {
    // 64 hex digits, distinct per service and replica: `c0ffee01` + the service name in hex.
    id: `c0ffee${String(number).padStart(2, '0')}${Buffer.from(service).toString('hex')}`
      .padEnd(64, '0')
      .slice(0, 64),
    name: `qfieldcloud-${service}-${number}`,
    project: 'qfieldcloud',
    service,
    number,
    role: 'worker',
    image: 'opengisch/qfieldcloud-app:26.1',
    state: 'running',
    status: 'Up 3 hours',
    health: 'none',
    createdAt: NOW - 3 * 3600_000,
    startedAt: NOW - 3 * 3600_000 - 12 * 60_000,
    finishedAt: null,
    restartCount: 0,
    exitCode: null,
    oomKilled: false,
    ports: [],
    tty: false,
    job: null,
    resources: resources(),
    lastLog: {
      text: 'Dequeued job 6f43af8e (package)',
      stream: 'stdout',
      at: NOW - 5000,
      level: 'INFO',
      truncated: false,
    },
    ...overrides,
  };
}

export function service(
  name: string,
  containers: readonly DockerContainer[],
  role: DockerService['role'] = 'worker',
): DockerService {
  const running = containers.filter((c) => c.state === 'running').length;
  return {
    key: `qfieldcloud/${name}`,
    project: 'qfieldcloud',
    service: name,
    role,
    state: running === containers.length ? 'up' : running === 0 ? 'down' : 'degraded',
    running,
    containers,
  };
}

/** Three worker_wrapper replicas (the second one exited) and the app service. */
export function dockerSnapshot(overrides: Partial<DockerSnapshot> = {}): DockerSnapshot {
  const workers = [
    container({ number: 1 }),
    container({
      number: 2,
      state: 'exited',
      status: 'Exited (137) 2 minutes ago',
      exitCode: 137,
      startedAt: null,
      resources: null,
      restartCount: 3,
      lastLog: {
        text: 'Killed: out of memory',
        stream: 'stderr',
        at: NOW - 120_000,
        level: 'ERROR',
        truncated: false,
      },
    }),
    container({ number: 3 }),
  ];
  const app = container({ service: 'app', number: 1, role: 'service', health: 'healthy' });
  return {
    endpoint: 'unix:///var/run/docker.sock',
    engine: null,
    services: [service('app', [app], 'service'), service('worker_wrapper', workers)],
    jobs: [],
    workers: { running: 2, total: 3 },
    eventsConnected: true,
    statsMode: 'stream',
    resyncedAt: NOW,
    ...overrides,
  };
}

export function appSnapshot(overrides: Partial<AppSnapshot> = {}): AppSnapshot {
  return {
    alerts: null,
    target: 'default',
    readOnly: false,
    intervalMs: 2000,
    paused: false,
    queueTarget: 'postgres://qfc@127.0.0.1:5433/qfieldcloud_db',
    database: null,
    queue: { status: 'ok', data: queueSnapshot(), at: NOW },
    docker: { status: 'ok', data: dockerSnapshot(), at: NOW },
    probes: { status: 'off' },
    readiness: [
      { name: 'database', level: 'ok', critical: true, detail: 'answers', latencyMs: 3 },
      { name: 'worker', level: 'ok', critical: false, detail: '2 job(s) running', latencyMs: null },
      {
        name: 'queue',
        level: 'warn',
        critical: false,
        detail: '1 stuck — 4 waiting, 2 running',
        latencyMs: 3,
      },
    ],
    verdict: 'DEGRADED',
    history: {
      queueDepth: series([2, 3, null, 4], 2000, 'jobs'),
      throughput: series([0.9, 0.9, null, 0.93], 2000, 'jobs/min'),
      failureRate: series([7, 7, null, 7], 2000, '%'),
      workerCpu: series([], 2000, '% of one core'),
      workerMemory: series([], 2000, 'MiB'),
    },
    ...overrides,
  };
}

/** `docker stats` numbers of a running container. */
export function resources(
  overrides: Partial<NonNullable<DockerContainer['resources']>> = {},
): NonNullable<DockerContainer['resources']> {
  return {
    at: NOW,
    cpuPercent: 12.4,
    memoryBytes: 312 * 1024 * 1024,
    memoryMiB: 312,
    memoryLimitBytes: null,
    memoryPercent: null,
    netRxBytes: null,
    netTxBytes: null,
    blockReadBytes: null,
    blockWriteBytes: null,
    pids: 7,
    ...overrides,
  };
}

/** A Docker snapshot whose worker_wrapper service has exactly these replicas (and no app). */
export function dockerWithWorkers(workers: readonly DockerContainer[]): DockerSnapshot {
  return dockerSnapshot({ services: [service('worker_wrapper', workers)] });
}
