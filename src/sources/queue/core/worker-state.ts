import type { WorkerState } from './queue-snapshot.js';

/** When a worker's heartbeat stops counting as live (thresholds.staleHeartbeat / deadHeartbeat). */
export interface WorkerStatePolicy {
  /** Beyond this a worker is `stale` (default 2 min). */
  readonly staleAfterMs: number;
  /** Beyond this a worker is `dead` and dead-worker cleanup may take its jobs (default 5 min). */
  readonly deadAfterMs: number;
}

/** What a source knows about one worker's liveness. */
export interface WorkerEvidence {
  /** Seconds since the last heartbeat; null when it never beat (or the source cannot say). */
  readonly ageSeconds: number | null;
  /**
   * A liveness key the system keeps beside the heartbeat (rq's `rq:worker:<name>` hash,
   * which expires when the worker stops): false = gone, which is proof of death. Undefined
   * where the system has none (PostgreSQL, SQLite).
   */
  readonly livenessKey?: boolean;
  /**
   * False when the system does not beat on a short clock in the worker's current state: an
   * idle rq worker refreshes `last_heartbeat` only every `worker_ttl − 15` s (405 s), so
   * there its liveness key alone decides (reference/queues.md §1.5). Default true.
   */
  readonly beatsRegularly?: boolean;
}

/**
 * The one worker-state rule of every queue source (status --json, the UI, /metrics):
 * `active` = heartbeat within staleAfter; `stale` = within deadAfter; `dead` = beyond, or
 * the liveness key is gone. A worker that never beat is `stale`: nothing proves it dead,
 * so dead-worker cleanup does not take its jobs (the stuck rule still does, in time).
 */
export function workerState(evidence: WorkerEvidence, policy: WorkerStatePolicy): WorkerState {
  if (evidence.livenessKey === false) return 'dead';
  if (evidence.livenessKey === true && evidence.beatsRegularly === false) return 'active';
  const age = evidence.ageSeconds;
  if (age === null || !Number.isFinite(age)) return 'stale';
  const ageMs = age * 1000;
  if (ageMs <= policy.staleAfterMs) return 'active';
  return ageMs <= policy.deadAfterMs ? 'stale' : 'dead';
}

/** DESIGN.md's defaults: stale after 2 min, dead after 5 min. */
export const DEFAULT_WORKER_POLICY: WorkerStatePolicy = {
  staleAfterMs: 120_000,
  deadAfterMs: 300_000,
};
