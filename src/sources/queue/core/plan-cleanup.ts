import { ActionRefusedError } from '../../../shared/errors.js';
import type { JobRef, QueueSnapshot, WorkerHeartbeat } from './queue-snapshot.js';
import type { CleanupItem, CleanupKind, CleanupPlan, CleanupResult } from './queue-source.js';

/** `stuck` cleanup takes exactly the snapshot's stuck list, for every source. */
export function stuckItems(snapshot: QueueSnapshot): CleanupItem[] {
  return snapshot.stuck.map((job) => ({
    id: job.id,
    status: job.status,
    ageSeconds: job.ageSeconds,
    reason: job.reason,
  }));
}

/**
 * `dead-workers` cleanup takes the running jobs of workers in state `dead` (and only
 * those: a `stale` worker may still finish). The write re-checks the liveness.
 */
export function deadWorkerItems(
  snapshot: QueueSnapshot,
  reason: (job: JobRef, worker: WorkerHeartbeat) => string,
): CleanupItem[] {
  const dead = new Map(
    (snapshot.workers ?? []).filter((w) => w.state === 'dead').map((w) => [w.id, w]),
  );
  const items: CleanupItem[] = [];
  for (const job of snapshot.running) {
    const worker = job.worker === null ? undefined : dead.get(job.worker);
    if (worker === undefined) continue;
    items.push({
      id: job.id,
      status: job.status,
      ageSeconds: job.ageSeconds,
      reason: reason(job, worker),
    });
  }
  return items;
}

/** A waiting job as `stale-waiting` sees it: created at (epoch ms), null when unknown. */
export interface WaitingJob {
  readonly id: string;
  readonly status: string;
  readonly createdMs: number | null;
}

/**
 * `stale-waiting` cleanup takes the waiting jobs created longer than `limitMs` ago,
 * oldest first (ties keep the given order); a job of unknown age is never taken.
 */
export function longWaitingItems(
  waiting: readonly WaitingJob[],
  nowMs: number,
  limitMs: number,
  reason: (ageSeconds: number) => string,
): CleanupItem[] {
  return waiting
    .flatMap((job) => (job.createdMs === null ? [] : [{ job, ageMs: nowMs - job.createdMs }]))
    .filter(({ ageMs }) => ageMs > limitMs)
    .sort((a, b) => b.ageMs - a.ageMs)
    .map(({ job, ageMs }) => ({
      id: job.id,
      status: job.status,
      ageSeconds: ageMs / 1000,
      reason: reason(ageMs / 1000),
    }));
}

export interface PlanWording {
  /** The verb phrase: "mark", "move". */
  readonly verb?: string;
  /** What the items are: "stuck", "orphaned (dead worker)". */
  readonly what: string;
  /** The unit: "job", "task". */
  readonly noun?: string;
  /** How and where: "failed in postgres://…/db (core_job)". */
  readonly how: string;
}

/** The plan every source previews: one summary line with the count, the statement, the items. */
export function cleanupPlan(
  kind: CleanupKind,
  items: readonly CleanupItem[],
  wording: PlanWording,
  statement: string,
): CleanupPlan {
  const noun = wording.noun ?? 'job';
  const n = items.length;
  return {
    kind,
    summary: `${wording.verb ?? 'mark'} ${String(n)} ${wording.what} ${noun}${n === 1 ? '' : 's'} ${wording.how}; nothing is deleted`,
    statement,
    items,
  };
}

/** Every source's write refuses in read-only mode with the same line. */
export function refuseCleanupWhenReadOnly(readOnly: boolean): void {
  if (readOnly) {
    throw new ActionRefusedError(
      'read-only mode: cleanup is disabled (start without --read-only, or pass --write)',
    );
  }
}

/** Marked = what the write touched; skipped = planned but no longer matching its condition. */
export function cleanupResult(plan: CleanupPlan, marked: readonly string[]): CleanupResult {
  const done = new Set(marked);
  return {
    kind: plan.kind,
    marked,
    skipped: plan.items.map((item) => item.id).filter((id) => !done.has(id)),
  };
}
