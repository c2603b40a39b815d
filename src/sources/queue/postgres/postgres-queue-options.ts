import type { PgPreset } from './pg-preset.js';

export interface PostgresQueueOptions {
  readonly url: string;
  /** Name of the env var the URL came from, for messages. */
  readonly urlEnv: string;
  readonly preset: PgPreset;
  readonly statementTimeoutMs: number;
  readonly jobTimeoutMs: number;
  readonly windowMs: number;
  readonly queuedNoStartAfterMs: number;
  readonly recountEveryMs: number;
  readonly stuckAfterMs: number;
  /** A worker's heartbeat older than this: stale. */
  readonly staleHeartbeatMs: number;
  /** Older than this: dead, and dead-worker cleanup may take its jobs. */
  readonly deadHeartbeatMs: number;
  /** Waiting jobs older than this are what the `stale-waiting` cleanup marks. */
  readonly staleWaitingMs?: number;
  readonly readOnly: boolean;
  /** How far back "new rows" are re-read (covers transactions that commit late). */
  readonly lookbackMs?: number;
  /** How long a changed row is re-read (covers a second write right after the first). */
  readonly graceMs?: number;
}
