import type { WorkerHeartbeat } from '../core/queue-snapshot.js';

/**
 * A worker of an SQLite queue. States: `active` (beat within activeHeartbeat, PrismQ's
 * 60 s), `stale` (missed beats, or never beat but named by a running task), `dead`
 * (no beat for longer than staleHeartbeat, PrismQ's 300 s "stale" workers whose tasks
 * are orphaned; the dead-worker cleanup marks those tasks failed).
 */
export interface SqliteWorker extends WorkerHeartbeat {
  /** The capabilities JSON (parsed; the raw text if it is not JSON; null when unmapped). */
  readonly capabilities: unknown;
}
