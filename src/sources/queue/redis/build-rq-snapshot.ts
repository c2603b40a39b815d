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
import type { FrappeMonitorStats } from './frappe-monitor-log.js';
import { parseFrappeQueueName } from './frappe-queue-name.js';
import { parseRqTimestamp } from './parse-rq-timestamp.js';
import { parseWipMember } from './parse-wip-member.js';
import type {
  FrappeDoctor,
  FrappeSchedulerState,
  FrappeSiteInfo,
  RqDetails,
  RqMethodStats,
  RqQueueInfo,
  RqWorkerInfo,
} from './rq-details.js';
import type { RqRawState, RqRawWip } from './rq-raw-state.js';
import type { RqWindow, RqWindowEntry } from './rq-window.js';

export interface RqSnapshotInputs {
  readonly preset: string;
  readonly flavour: 'rq' | 'frappe';
  readonly raw: RqRawState;
  /** The window after this refresh's rows were applied. */
  readonly window: RqWindow;
  readonly windowMs: number;
  readonly stuckAfterMs: number;
  readonly workerPolicy?: WorkerStatePolicy;
  /** Frappe: the bench prefix whose queues are shown; its `<id>:` is stripped for display. */
  readonly benchId: string | null;
  readonly wipLimit: number;
  readonly scheduler: readonly FrappeSchedulerState[] | null;
  readonly monitor?: FrappeMonitorStats | null;
  readonly refresh: RefreshInfo;
}

/** One in-flight job as the builder sees it. */
export interface RqRunning {
  readonly ref: JobRef;
  readonly queue: string;
  readonly member: string;
  /** rq 2.x execution id from the wip member, null for rq 1.x. */
  readonly executionId: string | null;
  readonly scoreS: number;
  readonly lapsed: boolean;
  readonly workerGone: boolean;
  readonly method: string | null;
  readonly site: string | null;
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
const UNKNOWN_SITE = '(unknown)';
const UNKNOWN_METHOD = '(unknown)';
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

/** Pure: the script's raw answer plus the window memory → snapshot and rq details. */
export function buildRqSnapshot(input: RqSnapshotInputs): {
  snapshot: QueueSnapshot;
  details: RqDetails;
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

  // Workers first: queue rows count the live ones listening to them.
  const workerInfos: RqWorkerInfo[] = raw.workers.map((w) => {
    const birthAt = parseRqTimestamp(w.birth);
    const lastHeartbeatAt = parseRqTimestamp(w.lastHeartbeat);
    const totalS = numberOrNull(w.totalWorkingTime);
    const lifeS = birthAt === null ? null : (nowMs - birthAt) / 1000;
    return {
      name: w.key.startsWith(WORKER_PREFIX) ? w.key.slice(WORKER_PREFIX.length) : w.key,
      alive: w.exists === 1,
      state: w.exists === 1 ? w.state : null,
      currentJob: w.exists === 1 ? w.currentJob : null,
      queues: (w.queues ?? '')
        .split(',')
        .filter((q) => q !== '')
        .map(display),
      birthAt,
      lastHeartbeatAt,
      heartbeatAgeSeconds: lastHeartbeatAt === null ? null : (nowMs - lastHeartbeatAt) / 1000,
      successfulJobs: numberOrNull(w.successfulJobCount),
      failedJobs: numberOrNull(w.failedJobCount),
      totalWorkingSeconds: totalS,
      utilisation:
        totalS === null || lifeS === null || lifeS <= 0 ? null : Math.min(1, totalS / lifeS),
      pid: numberOrNull(w.pid),
      hostname: w.hostname,
      version: w.version,
      expiresInSeconds: w.exists === 1 && w.pttl >= 0 ? w.pttl / 1000 : null,
    };
  });
  const liveWorkers = workerInfos.filter((w) => w.alive);

  const running: RqRunning[] = [];
  let ghosts = 0;
  let wipCapped = false;
  const queueInfos: RqQueueInfo[] = [];
  const byType: TypeCount[] = [];
  const counts: Record<string, number> = {};
  for (const status of STATUSES) counts[status] = 0;
  let oldest: JobRef | null = null;

  for (const q of raw.queues) {
    const shown = display(q.name);
    const ftype = frappe ? parseFrappeQueueName(q.name) : null;
    if (q.wip.length >= input.wipLimit && q.started > q.wip.length) wipCapped = true;
    let orphaned = 0;
    for (const row of q.wip) {
      const job = toRunning(row, q.name, shown, nowS, frappe, describe);
      if (job === null) {
        ghosts += 1;
        continue;
      }
      if (job.lapsed || job.workerGone) orphaned += 1;
      running.push(job);
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
    let headAge: number | null = null;
    if (q.head !== null) {
      const { id, enqueuedAt, createdAt, description } = q.head;
      const since = parseRqTimestamp(enqueuedAt) ?? parseRqTimestamp(createdAt);
      headAge = since === null ? null : Math.max(0, (nowMs - since) / 1000);
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
    const listening = liveWorkers.filter((w) => w.queues.includes(shown));
    queueInfos.push({
      name: q.name,
      display: shown,
      frappeType: ftype?.type ?? null,
      timeoutSeconds: ftype?.timeoutSeconds ?? null,
      queued: q.queued,
      intermediate: q.intermediate,
      started: q.started,
      orphaned,
      finished: q.finished,
      failed: q.failed,
      deferred: q.deferred,
      scheduled: q.scheduled,
      canceled: q.canceled,
      expiredFinished: q.finishedAll - q.finished,
      expiredFailed: q.failedAll - q.failed,
      oldestQueuedId: q.head?.id ?? null,
      oldestQueuedAgeSeconds: headAge,
      workers: listening.length,
      busyWorkers: listening.filter((w) => w.state === 'busy').length,
      schedulerLock: q.schedulerLock === 1,
    });
  }
  byType.sort((a, b) => a.type.localeCompare(b.type) || a.status.localeCompare(b.status));
  running.sort(
    (a, b) =>
      (a.ref.startedAt ?? a.ref.createdAt) - (b.ref.startedAt ?? b.ref.createdAt) ||
      a.ref.id.localeCompare(b.ref.id),
  );

  const stuck: StuckJob[] = [];
  const longRunning: StuckJob[] = [];
  for (const job of running) {
    const reason = orphanReason(job, nowS);
    if (reason !== null) {
      stuck.push({ ...job.ref, reason });
    } else if (job.ref.startedAt !== null && job.ref.ageSeconds * 1000 > input.stuckAfterMs) {
      longRunning.push({
        ...job.ref,
        reason: `started ${formatAge(job.ref.ageSeconds)} ago, longer than ${formatAge(input.stuckAfterMs / 1000)}; worker ${job.ref.worker ?? '?'} is alive`,
      });
    }
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

  const selected = new Set(raw.queues.map((q) => q.name));
  const details: RqDetails = {
    flavour,
    at: nowMs,
    suspended: raw.suspended === 1,
    benchId,
    queues: queueInfos,
    otherQueues: raw.queueNames.filter((name) => !selected.has(name)),
    workers: workerInfos,
    methods: methodStats(entries, running),
    window: {
      completeSeconds: input.window.completeSeconds(nowS),
      truncated: input.window.wasTruncated(),
    },
    longRunning,
    ghosts,
    capped: { queues: raw.queuesCapped === 1, workers: raw.workersCapped === 1, wip: wipCapped },
    frappe: frappe
      ? {
          ...frappeDetails(
            raw,
            queueInfos,
            liveWorkers,
            running,
            entries,
            display,
            input.scheduler,
          ),
          monitor: input.monitor ?? null,
        }
      : null,
  };
  return { snapshot, details, running };
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
    executionId: parseWipMember(member, member === jobId).executionId,
    scoreS,
    // rq's own rule: StartedJobRegistry.cleanup takes scores up to and including now.
    lapsed: Number.isFinite(scoreS) && scoreS <= nowS,
    workerGone: row.workerAlive === 0,
    method: d.method,
    site: d.site,
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

function methodStats(
  entries: readonly RqWindowEntry[],
  running: readonly RqRunning[],
): RqMethodStats[] {
  const groups = new Map<string, { done: RqWindowEntry[]; running: number }>();
  const group = (method: string | null): { done: RqWindowEntry[]; running: number } => {
    const key = method ?? UNKNOWN_METHOD;
    let g = groups.get(key);
    if (g === undefined) {
      g = { done: [], running: 0 };
      groups.set(key, g);
    }
    return g;
  };
  for (const e of entries) group(e.method).done.push(e);
  for (const job of running) group(job.method).running += 1;
  return [...groups.entries()]
    .map(([method, g]) => {
      const s = stats(g.done);
      return {
        method,
        running: g.running,
        succeeded: s.succeeded,
        failed: s.failed,
        runP50: s.runP50,
        runP95: s.runP95,
        waitP50: s.waitP50,
        waitP95: s.waitP95,
      };
    })
    .sort(
      (a, b) =>
        b.running + b.succeeded + b.failed - (a.running + a.succeeded + a.failed) ||
        a.method.localeCompare(b.method),
    );
}

function frappeDetails(
  raw: RqRawState,
  queues: readonly RqQueueInfo[],
  liveWorkers: readonly RqWorkerInfo[],
  running: readonly RqRunning[],
  entries: readonly RqWindowEntry[],
  display: (name: string) => string,
  scheduler: readonly FrappeSchedulerState[] | null,
): { sites: FrappeSiteInfo[]; doctor: FrappeDoctor } {
  const sites = new Map<
    string,
    { queued: Record<string, number>; running: number; succeeded: number; failed: number }
  >();
  const site = (name: string | null) => {
    const key = name === null || name === '' ? UNKNOWN_SITE : name;
    let s = sites.get(key);
    if (s === undefined) {
      s = { queued: {}, running: 0, succeeded: 0, failed: 0 };
      sites.set(key, s);
    }
    return s;
  };
  const queued: { site: string; queue: string; count: number }[] = [];
  const scheduledMethods: { queue: string; method: string; count: number }[] = [];
  let sampled = false;
  for (const q of raw.queues) {
    const shown = display(q.name);
    if (q.sampled < q.queued) sampled = true;
    for (const { site: name, count } of q.sites) {
      const s = site(name);
      const key = name === '' ? UNKNOWN_SITE : name;
      s.queued[shown] = (s.queued[shown] ?? 0) + count;
      queued.push({ site: key, queue: shown, count });
    }
    for (const { method, count } of q.scheduledMethods) {
      scheduledMethods.push({ queue: shown, method, count });
    }
  }
  for (const job of running) site(job.site).running += 1;
  for (const e of entries) {
    const s = site(e.site);
    if (e.success) s.succeeded += 1;
    else s.failed += 1;
  }
  const shownQueues = new Set(queues.map((q) => q.display));
  queued.sort((a, b) => a.site.localeCompare(b.site) || a.queue.localeCompare(b.queue));
  scheduledMethods.sort(
    (a, b) =>
      a.queue.localeCompare(b.queue) || b.count - a.count || a.method.localeCompare(b.method),
  );
  return {
    sites: [...sites.entries()]
      .map(([name, s]) => ({ site: name, ...s }))
      .sort((a, b) => a.site.localeCompare(b.site)),
    doctor: {
      workersOnline: liveWorkers.length,
      benchWorkersOnline: liveWorkers.filter((w) => w.queues.some((q) => shownQueues.has(q)))
        .length,
      queued,
      sampled,
      scheduledMethods,
      scheduler,
    },
  };
}

function numberOrNull(text: string | null): number | null {
  if (text === null || text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}
