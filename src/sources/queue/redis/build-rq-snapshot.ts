import { assembleSnapshot, type SnapshotParts } from '../core/assemble-snapshot.js';
import type { JobRef, QueueSnapshot, RefreshInfo, StuckJob } from '../core/queue-snapshot.js';
import { summarizeWindow } from '../core/window-stats.js';
import type { WorkerStatePolicy } from '../core/worker-state.js';
import { describeRqJob } from './describe-rq-job.js';
import { parseRqTimestamp } from './parse-rq-timestamp.js';
import type { RqRawQueue, RqRawState } from './rq-raw-state.js';
import { rqRunningJob, type RqRunningJob } from './rq-running-job.js';
import { rqStuckReason } from './rq-stuck-reason.js';
import { rqWorkerReports } from './rq-worker-reports.js';
import type { RqWindow } from './rq-window.js';
import { compareText } from '../../../shared/compare-text.js';

export interface RqSnapshotInputs {
  readonly preset: string;
  readonly flavour: 'rq' | 'frappe';
  readonly raw: RqRawState;
  /** The window after this refresh's rows were applied. */
  readonly window: RqWindow;
  readonly windowMs: number;
  readonly workerPolicy: WorkerStatePolicy;
  /** Frappe: the bench prefix whose queues are shown; its `<id>:` is stripped for display. */
  readonly benchId: string | null;
  readonly refresh: RefreshInfo;
}

/** rq's job states, each a registry or the queue list (queues.md §1.2); all shown, even at 0. */
const STATUSES = [
  'queued',
  'started',
  'finished',
  'failed',
  'deferred',
  'scheduled',
  'canceled',
] as const;

const byStart = (a: RqRunningJob, b: RqRunningJob): number =>
  (a.ref.startedAt ?? a.ref.createdAt) - (b.ref.startedAt ?? b.ref.createdAt) ||
  compareText(a.ref.id, b.ref.id);

/**
 * Pure: the script's answer plus the window memory → the parts every source hands to the
 * core (rq's type is the queue, Frappe's the job's method), then the core's snapshot.
 * Also returns the in-flight jobs with where they sit in rq, for the cleaner.
 */
export function buildRqSnapshot(input: RqSnapshotInputs): {
  snapshot: QueueSnapshot;
  running: readonly RqRunningJob[];
} {
  const { raw, benchId } = input;
  const nowS = raw.now;
  const nowMs = nowS * 1000;
  const frappe = input.flavour === 'frappe';
  const display = (name: string): string =>
    benchId !== null && name.startsWith(`${benchId}:`) ? name.slice(benchId.length + 1) : name;

  const counts: { type: string; status: string; count: number }[] = [];
  const running: RqRunningJob[] = [];
  let oldestWaiting: JobRef | null = null;
  for (const q of raw.queues) {
    const shown = display(q.name);
    for (const status of STATUSES) counts.push({ type: shown, status, count: q[status] });
    for (const row of q.wip) {
      const job = rqRunningJob(row, { queue: q.name, shown, nowS, frappe });
      if (job !== null) running.push(job);
    }
    const head = headJob(q, shown, nowMs, frappe);
    if (head !== null && (oldestWaiting === null || head.createdAt < oldestWaiting.createdAt)) {
      oldestWaiting = head;
    }
  }
  running.sort(byStart);

  const stuck: StuckJob[] = [];
  for (const job of running) {
    const reason = rqStuckReason(job, nowS);
    if (reason !== null) stuck.push({ ...job.ref, reason });
  }
  const { workers, unlistedWorker } = rqWorkerReports(raw.workers, running, nowMs);

  const parts: SnapshotParts = {
    preset: input.preset,
    at: nowMs,
    statuses: { waiting: ['queued'], active: ['started'] },
    counts,
    knownStatuses: STATUSES,
    running: running.map((job) => job.ref),
    oldestWaiting,
    stuck,
    window: summarizeWindow(input.window.inWindow(nowS)),
    windowMs: input.windowMs,
    workers,
    workerPolicy: input.workerPolicy,
    unlistedWorker,
    // rq records worker_name on every started job: one without it is unattributed.
    attributesWorkers: true,
    refresh: input.refresh,
  };
  return { snapshot: assembleSnapshot(parts), running };
}

/** A queue's head (the next job to run and, unless enqueued at_front, the oldest), or null. */
function headJob(q: RqRawQueue, shown: string, nowMs: number, frappe: boolean): JobRef | null {
  if (q.head === null) return null;
  const { id, enqueuedAt, createdAt, description } = q.head;
  const since = parseRqTimestamp(enqueuedAt) ?? parseRqTimestamp(createdAt);
  if (since === null) return null;
  const d = describeRqJob(id, description, frappe);
  return {
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
