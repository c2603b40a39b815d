/**
 * What every queue source publishes, whatever the system behind it (PostgreSQL
 * presets, Redis/RQ, SQLite). Times are epoch milliseconds on the
 * source's clock; ages and durations are seconds. A number that cannot be computed
 * is `null`, never 0 (STYLE.md habit 6).
 */
export interface TypeCount {
  readonly type: string;
  readonly status: string;
  readonly count: number;
}

export interface JobRef {
  readonly id: string;
  readonly type: string | null;
  readonly status: string;
  /** The unit that runs one job at a time (QFieldCloud: project id). */
  readonly group: string | null;
  /** Human name of the group where the system has one (QFieldCloud: owner/project). */
  readonly groupLabel: string | null;
  readonly worker: string | null;
  readonly createdAt: number;
  readonly startedAt: number | null;
  /** Seconds since the job was created (waiting) or started (in flight). */
  readonly ageSeconds: number;
}

export interface StuckJob extends JobRef {
  /** Why the stuck rule matched, e.g. "started 14m ago, timeout 10m10s". */
  readonly reason: string;
}

export interface Blocker {
  readonly kind: 'queued-no-start' | 'blocked-behind-active';
  readonly group: string | null;
  /** The job that blocks (queued-no-start) or the active job others wait behind. */
  readonly jobId: string | null;
  /** Jobs held up by it. */
  readonly waiting: number;
  readonly ageSeconds: number;
  readonly detail: string;
}

export interface WindowStats {
  readonly windowSeconds: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Completed (succeeded + failed) per minute over the window. */
  readonly throughputPerMin: number;
  /** Shares of completed jobs; null when nothing completed in the window. */
  readonly successRate: number | null;
  readonly failureRate: number | null;
  readonly waitP50: number | null;
  readonly waitP95: number | null;
  readonly runP50: number | null;
  readonly runP95: number | null;
}

export type WorkerState = 'active' | 'stale' | 'dead';

export interface WorkerHeartbeat {
  readonly id: string;
  readonly lastHeartbeatAt: number | null;
  readonly ageSeconds: number | null;
  readonly state: WorkerState;
  /** In-flight jobs attributed to this worker. */
  readonly runningJobs: number;
  /**
   * The worker's pid and host where the system records them (rq's worker hash): how a
   * uuid-named rq worker is joined to the supervisor program or unit that runs it.
   */
  readonly pid?: number | null;
  readonly hostname?: string | null;
}

export interface RefreshInfo {
  readonly mode: 'full' | 'incremental';
  /** Why a full recount ran (first refresh, rerun detected, rows deleted, periodic). */
  readonly reason: string | null;
  readonly roundTrips: number;
  /** Wall time of the refresh as seen by jobdeck, ms. */
  readonly elapsedMs: number;
}

export interface QueueSnapshot {
  readonly preset: string;
  /** The source's clock when the numbers were read (epoch ms). */
  readonly at: number;
  /** Count of jobs by status, every status present in the table. */
  readonly counts: Readonly<Record<string, number>>;
  readonly byType: readonly TypeCount[];
  readonly total: number;
  /** Jobs waiting to run (the queue depth). */
  readonly waiting: number;
  /** Jobs running now. */
  readonly inFlight: number;
  readonly oldestWaiting: JobRef | null;
  readonly stuck: readonly StuckJob[];
  readonly blockers: readonly Blocker[];
  readonly window: WindowStats;
  /** Null when the system keeps no heartbeats (QFieldCloud): panels hide the column. */
  readonly workers: readonly WorkerHeartbeat[] | null;
  /** In-flight jobs, for joining with worker containers. */
  readonly running: readonly JobRef[];
  /** In-flight jobs no worker can be named for (RGrid runner workers never set worker_id). */
  readonly unattributedRunning: number;
  readonly refresh: RefreshInfo;
}
