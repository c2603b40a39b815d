import pg from 'pg';
import { ActionRefusedError } from '../../../shared/errors.js';
import {
  cleanupPlan,
  cleanupResult,
  deadWorkerItems,
  longWaitingItems,
  refuseCleanupWhenReadOnly,
  stuckItems,
} from '../core/plan-cleanup.js';
import type { QueueSnapshot } from '../core/queue-snapshot.js';
import type { CleanupKind, CleanupPlan, CleanupResult } from '../core/queue-source.js';
import type { JobRow } from './job-row.js';
import { cleanupSql, staleReason } from './pg-cleanup-sql.js';
import type { PostgresQueueOptions } from './postgres-queue-options.js';

/** What the cleaner needs of its source: a fresh read, the live rows, the table's id type. */
export interface CleanableSource {
  readonly preset: string;
  readonly target: string;
  read(): Promise<QueueSnapshot>;
  cleanupKinds(): readonly CleanupKind[];
  liveRows(): readonly JobRow[];
  idType(): string;
  /** A write changed rows the tally tracks: recount at the next read. */
  afterWrite(): void;
  wrap(error: unknown): Error;
}

/**
 * A PostgreSQL source's cleanups: planned from a fresh read through the core planner,
 * written in one transaction whose UPDATE re-checks each job's condition; marks, never
 * deletes.
 */
export class PgCleaner {
  constructor(
    private readonly source: CleanableSource,
    private readonly opts: PostgresQueueOptions,
  ) {}

  async plan(kind: CleanupKind): Promise<CleanupPlan> {
    const snapshot = await this.source.read();
    const p = this.opts.preset;
    const how = `${p.cleanup.failedValue} in ${this.source.target} (${p.table})`;
    const statement = this.cleanupStatement(kind).text;
    if (kind === 'stuck') {
      return cleanupPlan(kind, stuckItems(snapshot), { what: 'stuck', how }, statement);
    }
    if (kind === 'stale-waiting') {
      const waiting = this.source
        .liveRows()
        .filter((row) => p.statuses.waiting.includes(row.status))
        .map((row) => ({ id: row.id, status: row.status, createdMs: row.createdUs / 1000 }));
      const limitMs = this.staleWaitingMs();
      const items = longWaitingItems(waiting, snapshot.at, limitMs, () => staleReason(limitMs));
      return cleanupPlan(kind, items, { what: 'long-waiting', how }, statement);
    }
    if (!this.source.cleanupKinds().includes('dead-workers')) {
      throw new ActionRefusedError(
        `the ${this.source.preset} preset has no worker heartbeats; dead-worker cleanup is not available`,
      );
    }
    const items = deadWorkerItems(snapshot, () => p.cleanup.deadWorkerReason);
    return cleanupPlan(kind, items, { what: 'orphaned (dead worker)', how }, statement);
  }

  /**
   * Marks these in-flight jobs failed as orphaned, for systems without heartbeats whose
   * workers are proven dead by other evidence (QFieldCloud: the job's QGIS container is
   * gone). Only jobs still in flight are planned, and the UPDATE re-checks that.
   */
  async planOrphans(ids: readonly string[]): Promise<CleanupPlan> {
    const snapshot = await this.source.read();
    const wanted = new Set(ids);
    const reason = this.opts.preset.cleanup.deadWorkerReason;
    const items = snapshot.running
      .filter((job) => wanted.has(job.id))
      .map((job) => ({ id: job.id, status: job.status, ageSeconds: job.ageSeconds, reason }));
    return cleanupPlan(
      'dead-workers',
      items,
      {
        what: 'orphaned',
        how: `(worker container gone) ${this.opts.preset.cleanup.failedValue} in ${this.source.target}`,
      },
      this.cleanupStatement('dead-workers').text,
    );
  }

  async run(plan: CleanupPlan): Promise<CleanupResult> {
    refuseCleanupWhenReadOnly(this.opts.readOnly);
    const ids = plan.items.map((item) => item.id);
    if (ids.length === 0) return { kind: plan.kind, marked: [], skipped: [] };
    const statement = this.cleanupStatement(plan.kind);
    const client = new pg.Client({
      connectionString: this.opts.url,
      application_name: 'jobdeck-action',
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('BEGIN');
      await client.query(
        `SET LOCAL statement_timeout = ${Math.round(this.opts.statementTimeoutMs)}`,
      );
      await client.query("SET LOCAL TimeZone = 'UTC'");
      const result = await client.query<{ id: string }>(statement.text, [ids, ...statement.params]);
      await client.query('COMMIT');
      this.source.afterWrite();
      return cleanupResult(
        plan,
        result.rows.map((row) => row.id),
      );
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.source.wrap(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** The UPDATE a cleanup runs (pure, in pg-cleanup-sql.ts). */
  cleanupStatement(kind: CleanupKind): { text: string; params: unknown[] } {
    const o = this.opts;
    const rules = {
      stuckAfterMs: o.stuckAfterMs,
      jobTimeoutMs: o.jobTimeoutMs,
      queuedNoStartAfterMs: o.queuedNoStartAfterMs,
    };
    return cleanupSql(kind, {
      preset: this.opts.preset,
      rules,
      deadHeartbeatMs: this.opts.deadHeartbeatMs,
      staleWaitingMs: this.staleWaitingMs(),
      idType: this.source.idType(),
    });
  }

  private staleWaitingMs(): number {
    return this.opts.staleWaitingMs ?? 86_400_000;
  }
}
