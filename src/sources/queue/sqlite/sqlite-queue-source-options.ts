import type { SqliteMapping } from '../../../config/sqlite-mapping.js';

/**
 * Options of `createSqliteQueueSource`. The mapping fields default to PrismQ's schema;
 * durations are milliseconds.
 */
export interface SqliteQueueSourceOptions extends Partial<SqliteMapping> {
  /** The database file (absolute, or resolved against the working directory). */
  readonly path: string;
  /** Where the path came from, for messages (default "DATABASE_URL or queue.sqlite.path"). */
  readonly pathHint?: string;
  /** Preset name shown in the snapshot (default "sqlite"). */
  readonly preset?: string;
  /** Default 1 h. */
  readonly windowMs?: number;
  /** In flight longer than this is stuck (default 10 min, DESIGN.md). */
  readonly stuckAfterMs?: number;
  /** No heartbeat for longer than this: the worker is dead (default 300 s, PrismQ's stale). */
  readonly staleHeartbeatMs?: number;
  /** A heartbeat within this: the worker is active (default 60 s, PrismQ's active). */
  readonly activeHeartbeatMs?: number;
  /** Waiting longer than this: the `stale-waiting` cleanup's target (default 24 h). */
  readonly staleWaitingMs?: number;
  /** Full recount at most this far apart (default 10 min). */
  readonly recountEveryMs?: number;
  /** How long a read waits for a lock (default 1 s; the read blocks the event loop meanwhile). */
  readonly busyTimeoutMs?: number;
  /** How long cleanup waits for the write lock (default 5 s). */
  readonly cleanupBusyTimeoutMs?: number;
  /** Refuse cleanup (the read handle is read-only either way). */
  readonly readOnly: boolean;
}
