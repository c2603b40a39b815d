import type { RqReadLimits } from './rq-read-limits.js';

export interface RqQueueOptions {
  /** Redis URL (`redis://[user:password@]host:port/db`, `rediss://` for TLS). Secret. */
  readonly url: string;
  /** Name of the env var the URL came from, for messages. */
  readonly urlEnv: string;
  /** Password kept apart from the URL (read by the caller from a config-named env var). */
  readonly password?: string | undefined;
  readonly flavour: 'rq' | 'frappe';
  /** Queue names to show; default every queue in `rq:queues` (Frappe: this bench's). */
  readonly queues?: readonly string[] | undefined;
  /** Frappe: the bench id prefix of the queue names; derived from `benchPath` or detected. */
  readonly benchId?: string | undefined;
  /** Frappe: the bench directory, for the bench id (common_site_config.json's bench_id). */
  readonly benchPath?: string | undefined;
  readonly windowMs: number;
  /**
   * A busy worker whose heartbeat is older than this is `stale` (thresholds.staleHeartbeat);
   * an idle one is judged by its key alone, as in every source's worker-state rule.
   */
  readonly staleHeartbeatMs: number;
  /** Older than this it is `dead`, and dead-worker cleanup takes its jobs (thresholds.deadHeartbeat). */
  readonly deadHeartbeatMs: number;
  readonly readOnly: boolean;
  /** Connect and command timeout. */
  readonly commandTimeoutMs?: number | undefined;
  /** Seconds a worker's clock may lag Redis's without losing completions from the window. */
  readonly clockSlackMs?: number | undefined;
  readonly limits?: Partial<RqReadLimits> | undefined;
}
