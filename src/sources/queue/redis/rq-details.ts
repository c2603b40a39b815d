import type { StuckJob } from '../core/queue-snapshot.js';
import type { FrappeMonitorStats } from './frappe-monitor-log.js';

/**
 * What an rq/Frappe source knows beyond the shared QueueSnapshot: the per-queue table,
 * rq's worker states, Frappe's sites and `bench doctor` view. Published beside the
 * snapshot by `RqQueueSource.details()` until the shared snapshot type grows a place for
 * it. Times are epoch ms on Redis's clock; ages and durations are seconds; a number that
 * cannot be computed is null.
 */
export interface RqQueueInfo {
  /** The queue name as rq stores it (`rq:queue:<name>`). */
  readonly name: string;
  /** Shown name: Frappe's bench prefix stripped, else the name. */
  readonly display: string;
  /** Frappe queue type (`short`/`default`/`long`/custom), null for plain rq. */
  readonly frappeType: string | null;
  /** Frappe's default timeout for the type (300/300/1500 s), null for plain rq. */
  readonly timeoutSeconds: number | null;
  readonly queued: number;
  /** rq ≥ 1.15: jobs a worker has popped but not yet started (`…:intermediate`). */
  readonly intermediate: number;
  readonly started: number;
  /** Of `started`: orphaned (lapsed wip score or worker key gone). */
  readonly orphaned: number;
  readonly finished: number;
  readonly failed: number;
  readonly deferred: number;
  readonly scheduled: number;
  readonly canceled: number;
  /** Registry entries past their ttl that rq's next maintenance will drop (not counted above). */
  readonly expiredFinished: number;
  readonly expiredFailed: number;
  readonly oldestQueuedId: string | null;
  readonly oldestQueuedAgeSeconds: number | null;
  /** Live workers listening on this queue, and how many of them are busy. */
  readonly workers: number;
  readonly busyWorkers: number;
  /** An rq scheduler holds this queue's lock (`rq:scheduler-lock:<q>`): scheduled jobs will move. */
  readonly schedulerLock: boolean;
}

export interface RqWorkerInfo {
  readonly name: string;
  /** EXISTS rq:worker:<name>: the only liveness rq itself trusts (queues.md §1.5). */
  readonly alive: boolean;
  /** rq's state field: `started`, `idle`, `busy`, `suspended`; null when the key is gone. */
  readonly state: string | null;
  readonly currentJob: string | null;
  /** Queue names as displayed (Frappe prefix stripped). */
  readonly queues: readonly string[];
  readonly birthAt: number | null;
  readonly lastHeartbeatAt: number | null;
  readonly heartbeatAgeSeconds: number | null;
  readonly successfulJobs: number | null;
  readonly failedJobs: number | null;
  readonly totalWorkingSeconds: number | null;
  /** total_working_time / (now − birth), 0..1, as Frappe's RQ Worker doctype computes it. */
  readonly utilisation: number | null;
  readonly pid: number | null;
  readonly hostname: string | null;
  readonly version: string | null;
  /** Seconds until the key expires (the worker is declared dead then), null when no TTL. */
  readonly expiresInSeconds: number | null;
}

export interface RqMethodStats {
  /** Frappe method (or job_name), else the rq function name; `(unknown)` when unreadable. */
  readonly method: string;
  readonly running: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly runP50: number | null;
  readonly runP95: number | null;
  readonly waitP50: number | null;
  readonly waitP95: number | null;
}

export interface FrappeSiteInfo {
  readonly site: string;
  /** Queued jobs per queue type, from the head sample of each queue list. */
  readonly queued: Readonly<Record<string, number>>;
  readonly running: number;
  readonly succeeded: number;
  readonly failed: number;
}

export interface FrappeSchedulerState {
  readonly site: string;
  /** From site_config.json / common_site_config.json; the DB's enable_scheduler is not readable here. */
  readonly state: 'enabled' | 'disabled' | 'paused' | 'maintenance';
  readonly detail: string;
}

/** `bench doctor`'s view (frappe/utils/doctor.py), from raw reads. */
export interface FrappeDoctor {
  /** `Workers online: N` = every live worker in rq:workers, whatever bench it serves. */
  readonly workersOnline: number;
  /** Of those, workers listening on at least one of this bench's queues. */
  readonly benchWorkersOnline: number;
  /** Per site and queue type, the number of queued jobs (site `(unknown)` for uuid ids). */
  readonly queued: readonly { site: string; queue: string; count: number }[];
  /** True when a queue was longer than the sample, so the split above is partial. */
  readonly sampled: boolean;
  /** Queued scheduler jobs by method (ids `scheduled_job::<method>`). */
  readonly scheduledMethods: readonly { queue: string; method: string; count: number }[];
  /** Null unless `benchPath` is configured and readable. */
  readonly scheduler: readonly FrappeSchedulerState[] | null;
}

export interface RqDetails {
  readonly flavour: 'rq' | 'frappe';
  readonly at: number;
  /** `rq suspend` is in force (`rq:suspended`): workers take no jobs. */
  readonly suspended: boolean;
  readonly benchId: string | null;
  readonly queues: readonly RqQueueInfo[];
  /** Queues in rq:queues that this source does not show (other benches, filtered out). */
  readonly otherQueues: readonly string[];
  readonly workers: readonly RqWorkerInfo[];
  readonly methods: readonly RqMethodStats[];
  readonly window: {
    /** Seconds back from now that the window's counts are known to be complete. */
    readonly completeSeconds: number;
    /** A registry read hit its row limit: some completions in the window were not read. */
    readonly truncated: boolean;
  };
  /** In flight longer than `stuckAfter` with a live worker: slow, not orphaned; never cleaned. */
  readonly longRunning: readonly StuckJob[];
  /** `rq:wip` members whose job hash no longer exists (rq's next cleanup drops them). */
  readonly ghosts: number;
  /** Read limits that were hit this refresh. */
  readonly capped: { readonly queues: boolean; readonly workers: boolean; readonly wip: boolean };
  readonly frappe: {
    readonly sites: readonly FrappeSiteInfo[];
    readonly doctor: FrappeDoctor;
    /** Job durations and waits from `<bench>/logs/monitor.json.log`; null without `benchPath`. */
    readonly monitor: FrappeMonitorStats | null;
  } | null;
}
