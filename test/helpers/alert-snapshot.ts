import type { ConfiguredProbeResult } from '../../src/sources/probes/run-configured-probes.js';
import type { ReadinessCheck } from '../../src/store/readiness-verdict.js';
import type { DockerContainer, DockerService } from '../../src/sources/docker/docker-snapshot.js';
import type { QueueSnapshot } from '../../src/sources/queue/core/queue-snapshot.js';
import type { AppSnapshot } from '../../src/store/app-snapshot.js';
import { emptySeries } from '../../src/store/series.js';
import type { SourceState } from '../../src/store/source-state.js';

type Unavailable = 'off' | 'loading' | 'failed';

export interface AlertSnapshotParts {
  /** Fields of the queue snapshot (an idle, healthy queue by default), or a source state. */
  readonly queue?: Partial<QueueSnapshot> | Unavailable;
  /** Compose containers (grouped into services by `service` and `role`), or a state. */
  readonly containers?: readonly DockerContainer[] | Unavailable;
  readonly readiness?: readonly ReadinessCheck[];
  readonly probes?: readonly ConfiguredProbeResult[] | Unavailable;
  readonly target?: string;
}

function unavailable<T>(state: Unavailable, at: number): SourceState<T> {
  if (state === 'failed') return { status: 'failed', error: 'boom', at, last: null };
  return { status: state };
}

/** An AppSnapshot for rule and engine tests, built from the parts a test cares about. */
export function alertSnapshot(parts: AlertSnapshotParts = {}, at = 0): AppSnapshot {
  const queueParts = parts.queue ?? {};
  const queue: SourceState<QueueSnapshot> =
    typeof queueParts === 'string'
      ? unavailable(queueParts, at)
      : {
          status: 'ok',
          at,
          data: {
            preset: 'qfieldcloud',
            at,
            counts: {},
            byType: [],
            total: 0,
            waiting: 0,
            inFlight: 0,
            oldestWaiting: null,
            stuck: [],
            blockers: [],
            window: {
              windowSeconds: 3600,
              succeeded: 0,
              failed: 0,
              throughputPerMin: 0,
              successRate: null,
              failureRate: null,
              waitP50: null,
              waitP95: null,
              runP50: null,
              runP95: null,
            },
            workers: null,
            running: [],
            unattributedRunning: 0,
            refresh: { mode: 'full', reason: null, roundTrips: 1, elapsedMs: 1 },
            ...queueParts,
          },
        };
  const containers = parts.containers ?? [];
  let docker: AppSnapshot['docker'];
  if (typeof containers === 'string') {
    docker = unavailable(containers, at);
  } else {
    const groups = new Map<string, DockerContainer[]>();
    // Per-job containers (role job) are the snapshot's `jobs`, not a compose service.
    for (const c of containers.filter((x) => x.role !== 'job')) {
      const key = `${c.project ?? ''}/${c.service ?? c.name}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const services: DockerService[] = [...groups].map(([key, list]) => {
      const first = list[0];
      const role = first?.role === 'job' || first === undefined ? 'service' : first.role;
      const running = list.filter((c) => c.state === 'running').length;
      return {
        key,
        project: first?.project ?? '',
        service: first?.service ?? key,
        role,
        state: running === list.length ? 'up' : running === 0 ? 'down' : 'degraded',
        running,
        containers: list,
      };
    });
    const workers = services.filter((s) => s.role === 'worker').flatMap((s) => s.containers);
    docker = {
      status: 'ok',
      at,
      data: {
        endpoint: 'unix:///var/run/docker.sock',
        engine: null,
        services,
        jobs: containers.filter((c) => c.role === 'job'),
        workers: {
          running: workers.filter((c) => c.state === 'running').length,
          total: workers.length,
        },
        eventsConnected: true,
        statsMode: 'stream',
        resyncedAt: at,
      },
    };
  }
  const probes = parts.probes ?? 'off';
  const readiness = parts.readiness ?? [
    { name: 'database', level: 'ok', critical: true, detail: 'answers', latencyMs: 1 },
  ];
  return {
    alerts: null,
    target: parts.target ?? 'test',
    readOnly: false,
    intervalMs: 60_000,
    paused: false,
    queueTarget: null,
    database: null,
    queue,
    docker,
    probes:
      typeof probes === 'string' ? unavailable(probes, at) : { status: 'ok', at, data: probes },
    readiness,
    verdict: 'OPERATIONAL',
    history: {
      queueDepth: emptySeries('queue depth', 'jobs'),
      throughput: emptySeries('throughput', 'jobs/min'),
      failureRate: emptySeries('failure rate', '%'),
      workerCpu: emptySeries('worker CPU', '% of one core'),
      workerMemory: emptySeries('worker memory', 'MiB'),
    },
  };
}
