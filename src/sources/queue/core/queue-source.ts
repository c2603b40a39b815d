import type { QueueSnapshot } from './queue-snapshot.js';

/** The cleanup operations a source offers. Every one marks jobs failed; none deletes. */
export type CleanupKind = 'stuck' | 'dead-workers' | 'stale-waiting';

export interface CleanupItem {
  readonly id: string;
  readonly status: string;
  readonly ageSeconds: number;
  readonly reason: string;
}

export interface CleanupPlan {
  readonly kind: CleanupKind;
  /** One line: what will change, with the count ("mark 9 stuck jobs failed"). */
  readonly summary: string;
  /** The exact statement that will run, for the confirmation dialog and the audit log. */
  readonly statement: string;
  readonly items: readonly CleanupItem[];
}

export interface CleanupResult {
  readonly kind: CleanupKind;
  /** Jobs marked failed. */
  readonly marked: readonly string[];
  /** Jobs in the plan whose condition no longer held when the statement ran. */
  readonly skipped: readonly string[];
}

/**
 * One interface for every queue system (DESIGN.md "Queue sources"). `read` is cheap
 * enough to call every refresh; cleanup re-checks its condition inside the write.
 */
export interface QueueSource {
  readonly preset: string;
  /** Where the source points, with secrets redacted (for headers and errors). */
  readonly target: string;
  read(): Promise<QueueSnapshot>;
  cleanupKinds(): readonly CleanupKind[];
  planCleanup(kind: CleanupKind): Promise<CleanupPlan>;
  runCleanup(plan: CleanupPlan): Promise<CleanupResult>;
  /** Sources without heartbeats: plan failing these in-flight jobs whose worker is proven dead elsewhere. */
  planOrphans?(ids: readonly string[]): Promise<CleanupPlan>;
  close(): Promise<void>;
}
