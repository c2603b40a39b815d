import type {
  Blocker,
  JobRef,
  QueueSnapshot,
  RefreshInfo,
  StuckJob,
  TypeCount,
  WorkerHeartbeat,
} from './queue-snapshot.js';
import { windowStats, type WindowSummary } from './window-stats.js';
import { workerState, type WorkerEvidence, type WorkerStatePolicy } from './worker-state.js';
import { compareText } from '../../../shared/compare-text.js';

/** A worker as its source lists it: who, when it last beat, and the evidence of liveness. */
export interface WorkerReport extends WorkerEvidence {
  readonly id: string;
  /** Epoch ms on the source's clock, null when it never beat. */
  readonly lastHeartbeatAt: number | null;
  /** The worker process's pid and host, when the system records them (rq). */
  readonly pid?: number | null;
  readonly hostname?: string | null;
}

/** What a source read this refresh, in its own terms but the common shapes. */
export interface SnapshotParts {
  readonly preset: string;
  /** The source's clock when the numbers were read (epoch ms). */
  readonly at: number;
  /** Which statuses wait (the queue depth) and which run (in flight). */
  readonly statuses: { readonly waiting: readonly string[]; readonly active: readonly string[] };
  /** Jobs per (type, status); a null type is shown as "(none)"; zero counts are dropped. */
  readonly counts: readonly {
    readonly type: string | null;
    readonly status: string;
    readonly count: number;
  }[];
  /** Statuses reported in `counts` even at zero (rq's seven states). */
  readonly knownStatuses?: readonly string[];
  /** In-flight jobs, in the order the source wants them shown (oldest first). */
  readonly running: readonly JobRef[];
  readonly oldestWaiting: JobRef | null;
  /** Jobs the source's (or preset's) stuck rule matched, each with its reason. */
  readonly stuck: readonly StuckJob[];
  readonly blockers?: readonly Blocker[];
  readonly window: WindowSummary;
  readonly windowMs: number;
  /** The workers the system lists, or null when it keeps no heartbeats (QFieldCloud). */
  readonly workers: readonly WorkerReport[] | null;
  readonly workerPolicy: WorkerStatePolicy;
  /**
   * Evidence for a worker named by running jobs but absent from the list (it never
   * registered, or its row is gone). Default: never beat, so `stale`.
   */
  readonly unlistedWorker?: (id: string) => WorkerEvidence;
  /** False when the system records no worker per job: then no job counts as unattributed. */
  readonly attributesWorkers: boolean;
  readonly refresh: RefreshInfo;
}

const NO_TYPE = '(none)';
const NEVER_BEAT: WorkerEvidence = { ageSeconds: null };

/**
 * Pure: one source's parts → the published QueueSnapshot. The one place where counts,
 * totals, window rates and the running-jobs-to-workers join are computed, so every
 * source means the same by every number and every worker state.
 */
export function assembleSnapshot(parts: SnapshotParts): QueueSnapshot {
  const waitingSet = new Set(parts.statuses.waiting);
  const activeSet = new Set(parts.statuses.active);
  const counts: Record<string, number> = {};
  for (const status of parts.knownStatuses ?? []) counts[status] = 0;
  let total = 0;
  let waiting = 0;
  let inFlight = 0;
  const byType: TypeCount[] = parts.counts
    .filter((c) => c.count > 0)
    .map((c) => ({ type: c.type ?? NO_TYPE, status: c.status, count: c.count }))
    .sort((a, b) => compareText(a.type, b.type) || compareText(a.status, b.status));
  for (const c of byType) {
    counts[c.status] = (counts[c.status] ?? 0) + c.count;
    total += c.count;
    if (waitingSet.has(c.status)) waiting += c.count;
    if (activeSet.has(c.status)) inFlight += c.count;
  }
  return {
    preset: parts.preset,
    at: parts.at,
    counts,
    byType,
    total,
    waiting,
    inFlight,
    oldestWaiting: parts.oldestWaiting,
    stuck: parts.stuck,
    blockers: parts.blockers ?? [],
    window: windowStats(parts.window, parts.windowMs),
    workers: joinWorkers(parts),
    running: parts.running,
    unattributedRunning: parts.attributesWorkers
      ? parts.running.filter((job) => job.worker === null).length
      : 0,
    refresh: parts.refresh,
  };
}

/** Every listed worker plus every worker named by a running job, with one state rule. */
function joinWorkers(parts: SnapshotParts): WorkerHeartbeat[] | null {
  if (parts.workers === null) return null;
  const runningBy = new Map<string, number>();
  for (const job of parts.running) {
    if (job.worker !== null) runningBy.set(job.worker, (runningBy.get(job.worker) ?? 0) + 1);
  }
  const heartbeat = (report: WorkerReport): WorkerHeartbeat => ({
    id: report.id,
    lastHeartbeatAt: report.lastHeartbeatAt,
    ageSeconds: report.ageSeconds,
    state: workerState(report, parts.workerPolicy),
    runningJobs: runningBy.get(report.id) ?? 0,
    ...(report.pid === undefined ? {} : { pid: report.pid }),
    ...(report.hostname === undefined ? {} : { hostname: report.hostname }),
  });
  const workers = parts.workers.map(heartbeat);
  const listed = new Set(parts.workers.map((w) => w.id));
  for (const id of runningBy.keys()) {
    if (listed.has(id)) continue;
    const evidence = parts.unlistedWorker?.(id) ?? NEVER_BEAT;
    workers.push(heartbeat({ ...evidence, id, lastHeartbeatAt: null }));
  }
  return workers.sort((a, b) => compareText(a.id, b.id));
}
