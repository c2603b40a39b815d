import type { JobRef } from '../core/queue-snapshot.js';
import { describeRqJob } from './describe-rq-job.js';
import { parseRqTimestamp } from './parse-rq-timestamp.js';
import type { RqRawWip } from './rq-raw-state.js';

/** One in-flight job: its reference, where it sits in rq, and what its registry entry says. */
export interface RqRunningJob {
  readonly ref: JobRef;
  /** The queue as rq names it (`rq:wip:<queue>`), not the shown name. */
  readonly queue: string;
  /** The `rq:wip` member: the job id (rq 1.x) or `job_id:execution_id` (2.x). */
  readonly member: string;
  /** The `rq:wip` score: when rq will call the job abandoned (epoch s). */
  readonly scoreS: number;
  /** rq's own abandoned-job rule (StartedJobRegistry.cleanup): score ≤ now. */
  readonly lapsed: boolean;
  /** The job names a worker whose `rq:worker:<name>` key is gone. */
  readonly workerGone: boolean;
}

export interface RqJobContext {
  readonly queue: string;
  /** The queue's shown name (Frappe: the bench prefix stripped); a plain rq job's type. */
  readonly shown: string;
  readonly nowS: number;
  readonly frappe: boolean;
}

/**
 * Pure: one `rq:wip` row → the in-flight job, or null when its job hash is gone (rq's
 * next cleanup drops such a member; it is counted as started, as rq counts it, but no
 * job runs). Frappe jobs are typed by their method and grouped by their site.
 */
export function rqRunningJob(row: RqRawWip, ctx: RqJobContext): RqRunningJob | null {
  if (row.found === 0) return null;
  const scoreS = Number(row.score);
  const startedMs = parseRqTimestamp(row.startedAt);
  const createdMs =
    parseRqTimestamp(row.enqueuedAt) ?? parseRqTimestamp(row.createdAt) ?? startedMs;
  const since = startedMs ?? createdMs;
  const d = describeRqJob(row.jobId, row.description, ctx.frappe);
  const worker = row.workerName === null || row.workerName === '' ? null : row.workerName;
  return {
    ref: {
      id: row.jobId,
      type: ctx.frappe ? (d.method ?? ctx.shown) : ctx.shown,
      status: row.status ?? 'started',
      group: d.site,
      groupLabel: null,
      worker,
      createdAt: createdMs ?? ctx.nowS * 1000,
      startedAt: startedMs,
      ageSeconds: since === null ? 0 : Math.max(0, ctx.nowS - since / 1000),
    },
    queue: ctx.queue,
    member: row.member,
    scoreS,
    // rq's own rule: StartedJobRegistry.cleanup takes scores up to and including now.
    lapsed: Number.isFinite(scoreS) && scoreS <= ctx.nowS,
    workerGone: row.workerAlive === 0,
  };
}
