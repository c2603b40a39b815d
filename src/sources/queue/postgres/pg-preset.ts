import type { Blocker } from '../core/queue-snapshot.js';
import type { JobRow } from './job-row.js';
import type { StatusClasses } from './queue-tally.js';

/** What a preset's stuck and blocker rules may use. */
export interface RuleContext {
  readonly nowUs: number;
  readonly stuckAfterMs: number;
  readonly jobTimeoutMs: number;
  readonly queuedNoStartAfterMs: number;
}

/** What a preset's stuck condition is written with, inside the cleanup's UPDATE. */
export interface StuckSql {
  /** The quoted status, created-at and started-at (null: none) columns. */
  readonly status: string;
  readonly created: string;
  readonly started: string | null;
  /** A placeholder for `value` as the next statement parameter. */
  param(value: unknown): string;
  /** `column < now() - <ms>` as SQL. */
  olderThan(column: string, ms: number): string;
  readonly ctx: Omit<RuleContext, 'nowUs'>;
}

/**
 * A PostgreSQL job table described as data: which columns mean what, which statuses
 * mean what, and the preset's own rules. Names are raw identifiers; the query builder
 * quotes them.
 */
export interface PgPreset {
  readonly name: string;
  readonly table: string;
  readonly columns: {
    readonly id: string;
    readonly status: string;
    readonly type: string | null;
    readonly createdAt: string;
    readonly startedAt: string | null;
    /** True end candidates, first non-NULL wins (QFieldCloud: finished_at, docker_finished_at). */
    readonly end: readonly string[];
    readonly worker: string | null;
    readonly group: string | null;
  };
  readonly statuses: StatusClasses;
  /** What cleanup sets: status value, end column to stamp, and where the reason goes. */
  readonly cleanup: {
    readonly failedValue: string;
    readonly endColumn: string | null;
    readonly reasonColumn: string | null;
    /** `append` keeps what the column had (QFieldCloud's output holds container logs). */
    readonly reasonMode: 'append' | 'set';
    /** Reason for jobs of dead workers (RGrid's own cleaner writes this text). */
    readonly deadWorkerReason: string;
  };
  readonly heartbeats: {
    readonly table: string;
    readonly workerColumn: string;
    readonly heartbeatColumn: string;
  } | null;
  /** Returns why the job is stuck, or null. */
  stuckReason(row: JobRow, ctx: RuleContext): string | null;
  /** The same rule as SQL, re-checked inside the stuck cleanup's UPDATE. */
  stuckCondition(sql: StuckSql): string;
  /**
   * Names for the groups (QFieldCloud: owner/project): the candidate tables, first found
   * wins, and the subquery giving a JSON object group id → label for the live groups.
   */
  readonly groupLabels?: {
    readonly tables: readonly string[];
    select(table: string, liveGroups: string): string;
  };
  blockers(live: readonly JobRow[], ctx: RuleContext): Blocker[];
}
