import type { DemoConnection } from './demo-connection.js';
import { sleep } from '../shared/sleep.js';

export interface DemoCronOptions {
  readonly connection: DemoConnection;
  readonly speed: number;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

/** django-cron's `run_every_mins=3`. */
const EVERY_MS = 180_000;
/** Constance WORKER_TIMEOUT_S default. */
const WORKER_TIMEOUT_S = 600;

/**
 * The app container's `SetTerminatedWorkersToFinalStatusJob` (core/cron.py): every
 * 3 minutes, jobs `queued`/`started` since before the worker timeout (+10 s) are failed
 * with finished_at set. Like upstream it matches on `started_at`, so a job stuck in
 * `queued` with started_at NULL is never cleaned: that is the demo's point. Scaled
 * by `speed` like the rest of the simulation. Never rejects.
 */
export async function runDemoCron(options: DemoCronOptions): Promise<void> {
  const { connection, speed, signal, log } = options;
  while (await sleep(EVERY_MS / speed, signal)) {
    try {
      const failed = await connection.query<{ id: string; was: string }>(
        `WITH stuck AS (
           SELECT id, status FROM core_job
            WHERE status IN ('queued', 'started')
              AND started_at < now() - make_interval(secs => $1)
              FOR UPDATE
         )
         UPDATE core_job j
            SET status = 'failed', finished_at = now(), output = 'Job unexpectedly terminated.',
                feedback = jsonb_build_object('error_stack', '',
                                              'error', 'Job unexpectedly terminated.',
                                              'error_origin', 'worker_wrapper',
                                              'container_exit_code', -2)
           FROM stuck
          WHERE j.id = stuck.id
        RETURNING j.id, stuck.status AS was`,
        [(WORKER_TIMEOUT_S + 10) / speed],
      );
      for (const job of failed) {
        log(
          `[cron] Job "${job.id}" was with status "${job.was}", but worker container no longer exists. Job unexpectedly terminated.`,
        );
      }
    } catch (error) {
      if (signal.aborted) return;
      log(`[cron] database error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
