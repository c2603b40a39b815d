/**
 * An SQLite job table described as data: which columns mean what and which statuses
 * mean what. Names are raw identifiers; the SQL builders validate and quote them.
 * Timestamps are SQLite text datetimes in UTC (`YYYY-MM-DD HH:MM:SS[.SSS]`, what
 * `datetime('now')` writes), because range filters compare them as text to use indexes.
 */
export interface SqliteMapping {
  readonly table: string;
  readonly columns: {
    readonly id: string;
    readonly status: string;
    readonly type: string | null;
    readonly createdAt: string;
    /** Start candidates, first non-NULL wins (PrismQ: processing_started_utc, reserved_at_utc). */
    readonly startedAt: readonly string[];
    readonly finishedAt: string;
    /** Stamped by cleanup when set. */
    readonly updatedAt: string | null;
    /** Worker id of an in-flight task (PrismQ: locked_by = workers.worker_id). */
    readonly worker: string | null;
    /** Text column cleanup appends its reason to. */
    readonly error: string | null;
    readonly attempts: string | null;
    readonly leaseUntil: string | null;
  };
  readonly statuses: {
    readonly waiting: readonly string[];
    /** In flight. */
    readonly active: readonly string[];
    readonly success: readonly string[];
    readonly failure: readonly string[];
    /** Given up for good; counted as failures in the window, but not in PrismQ's all-time rates. */
    readonly deadLetter: readonly string[];
    /** The status cleanup marks tasks with. */
    readonly failedValue: string;
  };
  readonly workers: {
    readonly table: string;
    readonly id: string;
    readonly heartbeat: string;
  } | null;
}
