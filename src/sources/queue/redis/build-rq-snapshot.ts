import { formatAge } from '../../../shared/format-age.js';
import { percentile } from '../core/percentile.js';
import type {
  JobRef,
  QueueSnapshot,
  RefreshInfo,
  StuckJob,
  TypeCount,
  WorkerHeartbeat,
} from '../core/queue-snapshot.js';
import {
  DEFAULT_WORKER_POLICY,
  workerState,
  type WorkerStatePolicy,
} from '../core/worker-state.js';
import { describeRqJob } from './describe-rq-job.js';
import { parseRqTimestamp } from './parse-rq-timestamp.js';
import type { RqRawState, RqRawWip } from './rq-raw-state.js';
import type { RqWindow, RqWindowEntry } from './rq-window.js';

export interface RqSnapshotInputs {
  readonly preset: string;
  readonly flavour: 'rq' | 'frappe';
  readonly raw: RqRawState;
  /** The window after this refresh's rows were applied. */
  readonly window: RqWindow;
  readonly windowMs: number;
  readonly workerPolicy?: WorkerStatePolicy;
  /** Frappe: the bench prefix whose queues are shown; its `<id>:` is stripped for display. */
  readonly benchId: string | null;
  readonly refresh: RefreshInfo;
}

/** One in-flight job as the builder sees it. */
export interface RqRunning {
  readonly ref: JobRef;
  readonly queue: string;
  readonly member: string;
  readonly scoreS: number;
  readonly lapsed: boolean;
  readonly workerGone: boolean;
}

const STATUSES = [
  'queued',
  'started',
  'finished',
  'failed',
  'deferred',
  'scheduled',
  'canceled',
] as const;
const WORKER_PREFIX = 'rq:worker:';

/** Why an in-flight job is orphaned, or null while it still looks alive. */
function orphanReason(job: RqRunning, nowS: number): string | null {
  const parts: string[] = [];
  const worker = job.ref.worker;
  if (job.workerGone && worker !== null) {
    parts.push(`worker ${worker} is gone (rq:worker key expired or deleted)`);
  }
  if (job.lapsed) {
    parts.push(
      `heartbeat lapsed ${formatAge(nowS - job.scoreS)} ago (rq:wip score in the past${worker === null ? '' : `, worker ${worker}`})`,
    );
  }
  if (parts.length === 0) return null;
  const started =
    job.ref.startedAt === null ? '' : `; started ${formatAge(job.ref.ageSeconds)} ago`;
  return `${parts.join('; ')}${started}`;
}

/** Pure: the script's raw answer plus the window memory → the snapshot and its running jobs. */
export function buildRqSnapshot(input: RqSnapshotInputs): {
  snapshot: QueueSnapshot;
  running: readonly RqRunning[];
} {
  const { raw, flavour, benchId } = input;
  const nowS = raw.now;
  const nowMs = nowS * 1000;
  const frappe = flavour === 'frappe';
  const display = (name: string): string =>
    benchId !== null && name.startsWith(`${benchId}:`) ? name.slice(benchId.length + 1) : name;
  const describe = (
    id: string,
    description: string | null,
  ): { method: string | null; site: string | null } => describeRqJob(id, description, frappe);

  const workerInfos = raw.workers.map((w) => {
    const lastHeartbeatAt = parseRqTimestamp(w.lastHeartbeat);
    return {
      name: w.key.startsWith(WORKER_PREFIX) ? w.key.slice(WORKER_PREFIX.length) : w.key,
      alive: w.exists === 1,
      state: w.exists === 1 ? w.state : null,
      lastHeartbeatAt,
      heartbeatAgeSeconds: lastHeartbeatAt === null ? null : (nowMs - lastHeartbeatAt) / 1000,
    };
  });

  const running: RqRunning[] = [];
  const byType: TypeCount[] = [];
  const counts: Record<string, number> = {};
  for (const status of STATUSES) counts[status] = 0;
  let oldest: JobRef | null = null;

  for (const q of raw.queues) {
    const shown = display(q.name);
    for (const row of q.wip) {
      // A member whose job hash is gone is rq's to drop at its next cleanup: not in flight.
      const job = toRunning(row, q.name, shown, nowS, frappe, describe);
      if (job !== null) running.push(job);
    }
    const perStatus: Record<(typeof STATUSES)[number], number> = {
      queued: q.queued,
      started: q.started,
      finished: q.finished,
      failed: q.failed,
      deferred: q.deferred,
      scheduled: q.scheduled,
      canceled: q.canceled,
    };
    for (const status of STATUSES) {
      const n = perStatus[status];
      counts[status] = (counts[status] ?? 0) + n;
      if (n > 0) byType.push({ type: shown, status, count: n });
    }
    if (q.head !== null) {
      const { id, enqueuedAt, createdAt, description } = q.head;
      const since = parseRqTimestamp(enqueuedAt) ?? parseRqTimestamp(createdAt);
      if (since !== null && (oldest === null || since < oldest.createdAt)) {
        const d = describe(id, description);
        oldest = {
          id,
          type: frappe ? (d.method ?? shown) : shown,
          status: 'queued',
          group: d.site,
          groupLabel: null,
          worker: null,
          createdAt: since,
          startedAt: null,
          ageSeconds: Math.max(0, (nowMs - since) / 1000),
        };
      }
    }
  }
  byType.sort((a, b) => a.type.localeCompare(b.type) || a.status.localeCompare(b.status));
  running.sort(
    (a, b) =>
      (a.ref.startedAt ?? a.ref.createdAt) - (b.ref.startedAt ?? b.ref.createdAt) ||
      a.ref.id.localeCompare(b.ref.id),
  );

  const stuck: StuckJob[] = [];
  for (const job of running) {
    const reason = orphanReason(job, nowS);
    if (reason !== null) stuck.push({ ...job.ref, reason });
  }

  // Workers: every member of rq:workers, plus workers named by in-flight jobs but absent
  // from the set (rq removes a worker from the set only on clean death or in maintenance).
  const runningBy = new Map<string, number>();
  for (const job of running) {
    const w = job.ref.worker;
    if (w !== null) runningBy.set(w, (runningBy.get(w) ?? 0) + 1);
  }
  const heartbeats: WorkerHeartbeat[] = workerInfos.map((w) => ({
    id: w.name,
    lastHeartbeatAt: w.lastHeartbeatAt,
    ageSeconds: w.heartbeatAgeSeconds,
    // rq's liveness is the worker key; only a busy worker beats on a short clock (30 s).
    state: workerState(
      {
        ageSeconds: w.heartbeatAgeSeconds,
        livenessKey: w.alive,
        beatsRegularly: w.state === 'busy',
      },
      input.workerPolicy ?? DEFAULT_WORKER_POLICY,
    ),
    runningJobs: runningBy.get(w.name) ?? 0,
  }));
  const known = new Set(workerInfos.map((w) => w.name));
  for (const job of running) {
    const w = job.ref.worker;
    if (w === null || known.has(w)) continue;
    known.add(w);
    heartbeats.push({
      id: w,
      lastHeartbeatAt: null,
      ageSeconds: null,
      // Not in rq:workers, but its key tells: gone = dead, present = alive.
      state: workerState(
        { ageSeconds: null, livenessKey: !job.workerGone, beatsRegularly: false },
        input.workerPolicy ?? DEFAULT_WORKER_POLICY,
      ),
      runningJobs: runningBy.get(w) ?? 0,
    });
  }
  heartbeats.sort((a, b) => a.id.localeCompare(b.id));

  const entries = input.window.inWindow(nowS);
  const windowStats = stats(entries);
  const windowSeconds = input.windowMs / 1000;
  const completed = entries.length;

  let total = 0;
  for (const n of Object.values(counts)) total += n;

  const snapshot: QueueSnapshot = {
    preset: input.preset,
    at: nowMs,
    counts,
    byType,
    total,
    waiting: counts.queued ?? 0,
    inFlight: counts.started ?? 0,
    oldestWaiting: oldest,
    stuck,
    blockers: [],
    window: {
      windowSeconds,
      succeeded: windowStats.succeeded,
      failed: windowStats.failed,
      throughputPerMin: completed / (input.windowMs / 60_000),
      successRate: completed === 0 ? null : windowStats.succeeded / completed,
      failureRate: completed === 0 ? null : windowStats.failed / completed,
      waitP50: windowStats.waitP50,
      waitP95: windowStats.waitP95,
      runP50: windowStats.runP50,
      runP95: windowStats.runP95,
    },
    workers: heartbeats,
    running: running.map((job) => job.ref),
    unattributedRunning: running.filter((job) => job.ref.worker === null).length,
    refresh: input.refresh,
  };

  return { snapshot, running };
}

function toRunning(
  row: RqRawWip,
  queue: string,
  shown: string,
  nowS: number,
  frappe: boolean,
  describe: (
    id: string,
    description: string | null,
  ) => { method: string | null; site: string | null },
): RqRunning | null {
  const { member, jobId, found, status, startedAt, enqueuedAt, createdAt, description } = row;
  const worker = row.workerName;
  if (found === 0) return null;
  const scoreS = Number(row.score);
  const startedMs = parseRqTimestamp(startedAt);
  const createdMs = parseRqTimestamp(enqueuedAt) ?? parseRqTimestamp(createdAt) ?? startedMs;
  const since = startedMs ?? createdMs;
  const d = describe(jobId, description);
  const name = worker === null || worker === '' ? null : worker;
  return {
    ref: {
      id: jobId,
      type: frappe ? (d.method ?? shown) : shown,
      status: status ?? 'started',
      group: d.site,
      groupLabel: null,
      worker: name,
      createdAt: createdMs ?? nowS * 1000,
      startedAt: startedMs,
      ageSeconds: since === null ? 0 : Math.max(0, nowS - since / 1000),
    },
    queue,
    member,
    scoreS,
    // rq's own rule: StartedJobRegistry.cleanup takes scores up to and including now.
    lapsed: Number.isFinite(scoreS) && scoreS <= nowS,
    workerGone: row.workerAlive === 0,
  };
}

function stats(entries: readonly RqWindowEntry[]): {
  succeeded: number;
  failed: number;
  waitP50: number | null;
  waitP95: number | null;
  runP50: number | null;
  runP95: number | null;
} {
  const sorted = (values: (number | null)[]): number[] =>
    values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  const waits = sorted(entries.map((e) => e.waitS));
  const runs = sorted(entries.map((e) => e.runS));
  const succeeded = entries.filter((e) => e.success).length;
  return {
    succeeded,
    failed: entries.length - succeeded,
    waitP50: percentile(waits, 0.5),
    waitP95: percentile(waits, 0.95),
    runP50: percentile(runs, 0.5),
    runP95: percentile(runs, 0.95),
  };
}
