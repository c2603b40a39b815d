import { resolve } from 'node:path';
import { ActionRefusedError } from '../../../shared/errors.js';
import { formatAge } from '../../../shared/format-age.js';
import { prismqMapping } from '../../../config/prismq-mapping.js';
import type { SqliteMapping } from '../../../config/sqlite-mapping.js';
import {
  cleanupPlan,
  deadWorkerItems,
  longWaitingItems,
  refuseCleanupWhenReadOnly,
  stuckItems,
} from '../core/plan-cleanup.js';
import type { QueueSnapshot } from '../core/queue-snapshot.js';
import type { CleanupKind, CleanupPlan, CleanupResult, QueueSource } from '../core/queue-source.js';
import { RecountPolicy } from '../core/recount-policy.js';
import { sqlIdentifier as q } from '../core/sql-identifier.js';
import { buildSqliteCleanupSql } from './build-sqlite-cleanup-sql.js';
import { buildSqliteSnapshot } from './build-sqlite-snapshot.js';
import { checkDatabaseFile } from './check-database-file.js';
import { describeSqliteError } from './describe-sqlite-error.js';
import { readFull, readIncremental } from './read-sqlite-tally.js';
import { runSqliteCleanup } from './run-sqlite-cleanup.js';
import { allRows, oneRow, openSqliteHandle, type Row, type SqliteHandle } from './sqlite-handle.js';
import { buildSqliteQueueSql } from './sqlite-queue-sql.js';
import type { SqliteQueueSourceOptions } from './sqlite-queue-source-options.js';
import { SqliteTally } from './sqlite-tally.js';
import type { WorkerRow } from './worker-row.js';

type Settings = Required<Omit<SqliteQueueSourceOptions, keyof SqliteMapping | 'path' | 'preset'>>;

/**
 * An SQLite job table (PrismQ's `task_queue` + `workers` by default) as a queue source.
 *
 * Reads go through one long-lived read-only handle with a busy timeout. Each refresh is
 * one read transaction, so every number comes from the same snapshot. The first refresh
 * (and a periodic safety recount) counts the whole table; the others read only what
 * can have changed (see SqliteTally); when nothing was committed since the last read
 * (`PRAGMA data_version`), no table is read at all.
 *
 * node:sqlite is synchronous: a read blocks the event loop while it runs. That is why
 * the refresh is incremental (≈ 10 ms instead of ≈ 0.4–0.7 s for the same numbers
 * queried one by one on a million tasks, see bench/sqlite.ts) and why the read busy
 * timeout is short.
 *
 * Cleanup opens a separate read-write handle only when it runs, and closes it after.
 */
export class SqliteQueueSource implements QueueSource {
  readonly preset: string;
  readonly target: string;
  private readonly path: string;
  private readonly mapping: SqliteMapping;
  private readonly tally: SqliteTally;
  private readonly recount: RecountPolicy;
  private handle: SqliteHandle | null = null;
  private lastVersion: number | null = null;
  private lastWorkers: WorkerRow[] | null = null;
  /** Clock time of the last table read (full or incremental). */
  private lastReadAtMs = 0;
  private readonly opts: Settings;

  constructor(options: SqliteQueueSourceOptions) {
    this.path = resolve(options.path);
    this.preset = options.preset ?? 'sqlite';
    this.target = `sqlite://${this.path}`;
    this.mapping = {
      table: options.table ?? prismqMapping.table,
      columns: options.columns ?? prismqMapping.columns,
      statuses: options.statuses ?? prismqMapping.statuses,
      workers: options.workers === undefined ? prismqMapping.workers : options.workers,
    };
    this.opts = {
      pathHint: options.pathHint ?? 'DATABASE_URL or queue.sqlite.path',
      windowMs: options.windowMs ?? 3_600_000,
      stuckAfterMs: options.stuckAfterMs ?? 600_000,
      staleHeartbeatMs: options.staleHeartbeatMs ?? 300_000,
      activeHeartbeatMs: options.activeHeartbeatMs ?? 60_000,
      staleWaitingMs: options.staleWaitingMs ?? 86_400_000,
      recountEveryMs: options.recountEveryMs ?? 600_000,
      busyTimeoutMs: options.busyTimeoutMs ?? 1_000,
      cleanupBusyTimeoutMs: options.cleanupBusyTimeoutMs ?? 5_000,
      readOnly: options.readOnly,
    };
    this.tally = new SqliteTally(this.mapping.statuses);
    this.recount = new RecountPolicy(this.opts.recountEveryMs);
    // Validates every identifier now, so a bad mapping fails at startup (ConfigError).
    buildSqliteQueueSql(this.mapping, null);
  }

  cleanupKinds(): readonly CleanupKind[] {
    const kinds: CleanupKind[] = ['stuck', 'stale-waiting'];
    if (this.mapping.workers !== null && this.mapping.columns.worker !== null) {
      kinds.push('dead-workers');
    }
    return kinds;
  }

  read(): Promise<QueueSnapshot> {
    try {
      return Promise.resolve(this.readNow());
    } catch (error) {
      return Promise.reject(this.fail(error));
    }
  }

  planCleanup(kind: CleanupKind): Promise<CleanupPlan> {
    try {
      return Promise.resolve(this.plan(kind));
    } catch (error) {
      return Promise.reject(error instanceof ActionRefusedError ? error : this.fail(error));
    }
  }

  runCleanup(plan: CleanupPlan): Promise<CleanupResult> {
    const busyTimeoutMs = this.opts.cleanupBusyTimeoutMs;
    try {
      refuseCleanupWhenReadOnly(this.opts.readOnly);
      const sql = buildSqliteCleanupSql(this.mapping, plan.kind, this.opts);
      return Promise.resolve(
        runSqliteCleanup(plan, sql, {
          path: this.path,
          pathHint: this.opts.pathHint,
          busyTimeoutMs,
        }),
      );
    } catch (error) {
      return Promise.reject(
        error instanceof ActionRefusedError
          ? error
          : describeSqliteError(error, { path: this.path, action: 'cleanup', busyTimeoutMs }),
      );
    }
  }

  close(): Promise<void> {
    this.closeHandle();
    return Promise.resolve();
  }

  /** CREATE INDEX statements that would make the full recount cheaper (for `doctor`). */
  indexAdvice(): string[] {
    if (this.handle === null || this.handle.windowIndex !== null) return [];
    const m = this.mapping;
    const name = `ix_${m.table.replace(/\W/g, '_')}_${m.columns.status}_${m.columns.finishedAt}`;
    return [
      `CREATE INDEX IF NOT EXISTS ${q(name.slice(0, 63))} ON ${q(m.table)} (${q(m.columns.status)}, ${q(m.columns.finishedAt)});`,
    ];
  }

  private readNow(): QueueSnapshot {
    const started = performance.now();
    const h = this.open();
    let statements = 1;
    const version = Number(oneRow(h, 'PRAGMA data_version').data_version);
    const nowMs = Date.now();
    let reason = this.recount.due(nowMs);
    if (reason === null && version === this.lastVersion) {
      // Nothing was committed since the last read: same rows, only the clock moved.
      return this.build(nowMs, null, statements, started);
    }
    const st = this.mapping.statuses;
    h.db.exec('BEGIN');
    try {
      if (reason === null) {
        const outcome = readIncremental(h, this.tally, st, this.lastReadAtMs);
        statements += outcome.statements;
        reason = outcome.recount;
      }
      if (reason !== null) {
        statements += readFull(h, this.tally, st, nowMs - this.opts.windowMs);
        this.recount.done(nowMs);
      }
      if (h.sql.workers !== null) {
        this.lastWorkers = allRows(h, h.sql.workers).map(parseWorkerRow);
        statements += 1;
      }
      h.db.exec('COMMIT');
    } finally {
      if (h.db.isTransaction) h.db.exec('ROLLBACK');
    }
    this.lastVersion = version;
    this.lastReadAtMs = nowMs;
    return this.build(nowMs, reason, statements, started);
  }

  private build(
    nowMs: number,
    reason: string | null,
    statements: number,
    started: number,
  ): QueueSnapshot {
    this.tally.pruneWindow(nowMs - this.opts.windowMs);
    return buildSqliteSnapshot({
      preset: this.preset,
      mapping: this.mapping,
      nowMs,
      counts: this.tally.countsByStatusAndType(),
      running: this.tally.inFlightRows(),
      oldestWaiting: this.tally.oldestWaiting(),
      window: this.tally.windowSummary(),
      workers: this.mapping.workers === null ? null : (this.lastWorkers ?? []),
      windowMs: this.opts.windowMs,
      stuckAfterMs: this.opts.stuckAfterMs,
      workerPolicy: {
        staleAfterMs: this.opts.activeHeartbeatMs,
        deadAfterMs: this.opts.staleHeartbeatMs,
      },
      // SQLite has no round trips: this counts the statements the refresh ran.
      refresh: {
        mode: reason === null ? 'incremental' : 'full',
        reason,
        roundTrips: statements,
        elapsedMs: performance.now() - started,
      },
    });
  }

  private plan(kind: CleanupKind): CleanupPlan {
    if (!this.cleanupKinds().includes(kind)) {
      throw new ActionRefusedError(
        'this SQLite queue has no workers table or worker column; dead-worker cleanup is not available',
      );
    }
    const snapshot = this.readNow();
    const m = this.mapping;
    const wording = {
      noun: 'task',
      how: `${m.statuses.failedValue} in ${this.target} (${m.table})`,
    };
    const statement = buildSqliteCleanupSql(m, kind, this.opts).text;
    if (kind === 'stuck') {
      return cleanupPlan(kind, stuckItems(snapshot), { ...wording, what: 'stuck' }, statement);
    }
    if (kind === 'stale-waiting') {
      const limitMs = this.opts.staleWaitingMs;
      // The tally's rows come in rowid order: equal ages stay oldest rowid first.
      const waiting = this.tally.waitingRows().sort((a, b) => a.rowid - b.rowid);
      const items = longWaitingItems(
        waiting,
        snapshot.at,
        limitMs,
        (age) => `waiting for ${formatAge(age)}, longer than ${formatAge(limitMs / 1000)}`,
      );
      return cleanupPlan(kind, items, { ...wording, what: 'long-waiting' }, statement);
    }
    const items = deadWorkerItems(
      snapshot,
      (_job, worker) =>
        `worker ${worker.id} sent no heartbeat for ${formatAge(worker.ageSeconds ?? 0)}`,
    );
    return cleanupPlan(kind, items, { ...wording, what: 'orphaned (dead worker)' }, statement);
  }

  /** The read handle, opened (and the schema checked) on first use or after the file was replaced. */
  private open(): SqliteHandle {
    const stats = checkDatabaseFile(this.path, this.opts.pathHint);
    const current = this.handle;
    if (current !== null && current.dev === stats.dev && current.ino === stats.ino) return current;
    if (current !== null) {
      this.closeHandle();
      this.recount.force('the database file was replaced');
    }
    this.handle = openSqliteHandle(this.mapping, {
      path: this.path,
      pathHint: this.opts.pathHint,
      busyTimeoutMs: this.opts.busyTimeoutMs,
      stats,
    });
    return this.handle;
  }

  /** After a failure the handle is dropped, so the next read reopens and re-checks the schema. */
  private fail(error: unknown): Error {
    this.closeHandle();
    this.recount.force('after an error');
    return describeSqliteError(error, {
      path: this.path,
      action: 'read',
      busyTimeoutMs: this.opts.busyTimeoutMs,
    });
  }

  private closeHandle(): void {
    const h = this.handle;
    this.handle = null;
    this.lastVersion = null;
    if (h !== null && h.db.isOpen) h.db.close();
  }
}

function parseWorkerRow(row: Row): WorkerRow {
  const beat = row.beat_ms;
  return {
    id: String(row.id_),
    beatMs: typeof beat === 'number' && Number.isFinite(beat) ? beat : null,
  };
}
