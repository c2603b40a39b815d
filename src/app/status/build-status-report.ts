import { verdictExitCode } from '../../store/readiness-verdict.js';
import type { JobRef } from '../../sources/queue/core/queue-snapshot.js';
import type { AppSnapshot } from '../../store/app-snapshot.js';
import type { DockerContainer } from '../../sources/docker/docker-snapshot.js';
import type { CapacityAdvice } from '../../sinks/history/capacity-advice.js';
import type {
  ContainerJson,
  DockerSection,
  JobJson,
  QueueSection,
  StatusReport,
} from './status-report.js';

const iso = (ms: number): string => new Date(ms).toISOString();

function jobJson(job: JobRef): JobJson {
  return {
    ...job,
    createdAt: iso(job.createdAt),
    startedAt: job.startedAt === null ? null : iso(job.startedAt),
  };
}

function queueSection(snapshot: AppSnapshot): QueueSection | null {
  const state = snapshot.queue;
  const source = snapshot.queueTarget ?? '';
  if (state.status === 'off' || state.status === 'loading') return null;
  if (state.status === 'failed') return { ok: false, source, error: state.error };
  const s = state.data;
  return {
    ok: true,
    source,
    preset: s.preset,
    at: iso(s.at),
    counts: { ...s.counts },
    byType: s.byType.map((t) => ({ ...t })),
    total: s.total,
    waiting: s.waiting,
    inFlight: s.inFlight,
    oldestWaiting: s.oldestWaiting === null ? null : jobJson(s.oldestWaiting),
    stuck: s.stuck.map((j) => ({ ...jobJson(j), reason: j.reason })),
    blockers: s.blockers.map((b) => ({ ...b })),
    window: { ...s.window },
    workers:
      s.workers === null
        ? null
        : s.workers.map((w) => ({
            ...w,
            lastHeartbeatAt: w.lastHeartbeatAt === null ? null : iso(w.lastHeartbeatAt),
          })),
    running: s.running.map(jobJson),
    unattributedRunning: s.unattributedRunning,
  };
}

function containerJson(c: DockerContainer): ContainerJson {
  return {
    id: c.id,
    name: c.name,
    number: c.number,
    state: c.state,
    status: c.status,
    health: c.health,
    image: c.image,
    startedAt: c.startedAt === null ? null : iso(c.startedAt),
    restartCount: c.restartCount,
    exitCode: c.exitCode,
    ports: [...c.ports],
    cpuPercent: c.resources?.cpuPercent ?? null,
    memoryMiB: c.resources?.memoryMiB ?? null,
    memoryPercent: c.resources?.memoryPercent ?? null,
    lastLog: c.lastLog?.text ?? null,
    pid: c.pid ?? null,
    crashLooping: c.crashLooping ?? false,
  };
}

function dockerSection(snapshot: AppSnapshot): DockerSection | null {
  const state = snapshot.docker;
  if (state.status === 'off' || state.status === 'loading') return null;
  const provider = snapshot.servicesProvider ?? 'docker';
  if (state.status === 'failed') return { ok: false, provider, error: state.error };
  const d = state.data;
  return {
    ok: true,
    provider: d.provider ?? provider,
    endpoint: d.endpoint,
    services: d.services.map((svc) => ({
      key: svc.key,
      project: svc.project,
      service: svc.service,
      role: svc.role,
      state: svc.state,
      running: svc.running,
      containers: svc.containers.map(containerJson),
    })),
    jobs: d.jobs.map((c) => ({
      ...containerJson(c),
      jobId: c.job?.id ?? null,
      jobType: c.job?.type ?? null,
    })),
    workers: { ...d.workers },
    swarm:
      d.swarm == null
        ? null
        : {
            services: d.swarm.services.map((svc) => ({
              name: svc.name,
              mode: svc.mode,
              desired: svc.desired,
              running: svc.running,
              state: svc.state,
              updateState: svc.updateState,
              tasks: svc.tasks.map((t) => ({
                slot: t.slot,
                node: t.node,
                state: t.state,
                error: t.error,
              })),
              errors: svc.errors.flatMap((t) => (t.error === null ? [] : [t.error])),
            })),
            nodes: d.swarm.nodes.map((n) => ({
              hostname: n.hostname,
              role: n.role,
              availability: n.availability,
              state: n.state,
              leader: n.leader,
            })),
            error: d.swarmError ?? null,
          },
  };
}

/** The `status --json` document from a store snapshot. Pure. */
export function buildStatusReport(
  snapshot: AppSnapshot,
  generatedAt: number,
  capacity: CapacityAdvice | null = null,
): StatusReport {
  const verdict = snapshot.verdict ?? 'DOWN';
  return {
    version: 1,
    target: snapshot.target,
    generatedAt: iso(generatedAt),
    verdict,
    exitCode: verdictExitCode(verdict),
    readiness: snapshot.readiness.map((c) => ({ ...c })),
    queue: queueSection(snapshot),
    docker: dockerSection(snapshot),
    capacity:
      capacity === null
        ? null
        : {
            verdict: capacity.verdict,
            reason: capacity.reason,
            action: capacity.action,
            avgQueueDepth: capacity.avgQueueDepth,
            successRate: capacity.successRate,
            spanHours: capacity.spanHours,
          },
  };
}
