import { deflateSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import { ActionRefusedError } from '../../../shared/errors.js';
import {
  cleanupPlan,
  cleanupResult,
  deadWorkerItems,
  refuseCleanupWhenReadOnly,
  stuckItems,
} from '../core/plan-cleanup.js';
import type { QueueSnapshot } from '../core/queue-snapshot.js';
import type { CleanupKind, CleanupPlan, CleanupResult } from '../core/queue-source.js';
import { LuaScript } from './lua-script.js';
import { RQ_CLEANUP_SCRIPT } from './rq-cleanup-script.js';
import { rqDeadWorkerReason } from './rq-dead-worker-reason.js';
import { RQ_DEFAULT_FAILURE_TTL_S } from './rq-default-failure-ttl.js';
import type { RqRunningJob } from './rq-running-job.js';

/** One read as the cleaner needs it: the snapshot, where each job sits, what each worker said. */
export interface RqCleanupView {
  readonly snapshot: QueueSnapshot;
  readonly running: readonly RqRunningJob[];
  /**
   * Worker name → its `last_heartbeat` as read (text, compared verbatim by the script), or
   * null when its `rq:worker` key was gone. Workers nobody lists are absent: key gone.
   */
  readonly heartbeats: ReadonlyMap<string, string | null>;
}

/** What the cleaner needs of its source. */
export interface RqCleanableSource {
  readonly preset: string;
  readonly target: string;
  /** A fresh read: one EVALSHA. */
  view(): Promise<RqCleanupView>;
  wrap(error: unknown): Error;
}

/**
 * rq's cleanups through the queue core: `stuck` takes exactly the snapshot's stuck list
 * (orphaned jobs: worker key gone or wip score lapsed), `dead-workers` the jobs of workers
 * in state `dead` (key gone, or busy with a heartbeat beyond deadAfter). Each job moves
 * to the failed registry in its own atomic script that re-checks its condition; nothing
 * is deleted.
 */
export class RqCleaner {
  private readonly script = new LuaScript(RQ_CLEANUP_SCRIPT);

  constructor(
    private readonly source: RqCleanableSource,
    private readonly redis: Redis,
    private readonly opts: { readonly readOnly: boolean; readonly deadAfterMs: number },
  ) {}

  async plan(kind: CleanupKind): Promise<CleanupPlan> {
    if (kind === 'stale-waiting') {
      throw new ActionRefusedError(
        `the ${this.source.preset} source does not mark waiting jobs failed; cleanup kinds: stuck, dead-workers`,
      );
    }
    const view = await this.source.view();
    const how = `from started to failed in ${this.source.target} (status failed, reason in exc_info)`;
    const statement = cleanupStatement(kind, this.script.sha);
    if (kind === 'stuck') {
      return cleanupPlan(
        kind,
        stuckItems(view.snapshot),
        { verb: 'move', what: 'stuck', how },
        statement,
      );
    }
    const items = deadWorkerItems(view.snapshot, (_job, worker) =>
      rqDeadWorkerReason(
        worker,
        (view.heartbeats.get(worker.id) ?? null) === null,
        this.opts.deadAfterMs,
      ),
    );
    return cleanupPlan(
      kind,
      items,
      { verb: 'move', what: 'orphaned (dead worker)', how },
      statement,
    );
  }

  async run(plan: CleanupPlan): Promise<CleanupResult> {
    refuseCleanupWhenReadOnly(this.opts.readOnly);
    if (plan.kind === 'stale-waiting') {
      throw new ActionRefusedError(`the ${this.source.preset} source has no stale-waiting cleanup`);
    }
    if (plan.items.length === 0) return { kind: plan.kind, marked: [], skipped: [] };
    try {
      // Judge on a fresh read: a plan may be old, or built by another source object.
      const view = await this.source.view();
      const where = new Map(view.running.map((job) => [job.ref.id, job]));
      const dead = new Set(
        (view.snapshot.workers ?? []).filter((w) => w.state === 'dead').map((w) => w.id),
      );
      const marked: string[] = [];
      for (const item of plan.items) {
        const job = where.get(item.id);
        if (job === undefined) continue;
        const worker = job.ref.worker ?? '';
        if (plan.kind === 'dead-workers' && !dead.has(worker)) continue;
        const text = `Moved to FailedJobRegistry, due to AbandonedJobError, at ${new Date().toISOString()} (jobdeck cleanup: ${item.reason})`;
        const answer = await this.script.run(
          this.redis,
          [`rq:wip:${job.queue}`, `rq:failed:${job.queue}`, `rq:job:${item.id}`],
          [
            job.member,
            item.id,
            plan.kind,
            deflateSync(Buffer.from(text)),
            RQ_DEFAULT_FAILURE_TTL_S,
            worker,
            view.heartbeats.get(worker) ?? '',
          ],
        );
        if (Array.isArray(answer) && answer[0] === 1) marked.push(item.id);
      }
      return cleanupResult(plan, marked);
    } catch (error) {
      throw this.source.wrap(error);
    }
  }
}

/** What the confirmation dialog and the audit line show: the script's effect, per job. */
function cleanupStatement(kind: 'stuck' | 'dead-workers', sha: string): string {
  const condition =
    kind === 'dead-workers'
      ? 'it still names the same worker, and that worker key rq:worker:<worker_name> is gone or still busy with the heartbeat judged dead'
      : 'its worker key is gone or its rq:wip score is in the past';
  return [
    `per job, atomically (EVALSHA ${sha.slice(0, 12)}): if the job is still in rq:wip:<queue>, still status started, and ${condition}:`,
    `HSET rq:job:<id> status failed exc_info <reason>; ZREM rq:wip:<queue> <member>;`,
    `ZADD rq:failed:<queue> <now + failure_ttl> <id>; EXPIRE rq:job:<id> <failure_ttl> (as rq does for every failed job)`,
  ].join(' ');
}
