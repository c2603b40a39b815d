import pg from 'pg';
import { ActionRefusedError, ConfigError, SourceQueryError } from '../../../shared/errors.js';
import type { QueueSnapshot } from '../core/queue-snapshot.js';
import type { CleanupKind, CleanupPlan, CleanupResult, QueueSource } from '../core/queue-source.js';
import { buildQueueSnapshot } from './build-queue-snapshot.js';
import { describePgError, describePgTarget } from './describe-pg-error.js';
import { parseJobRow, type JobRow } from './job-row.js';
import type { RuleContext } from './pg-preset.js';
import { buildQueueSql, type QueueSql, type TableInfo } from './queue-sql.js';
import { QueueTally, type NewRange } from './queue-tally.js';
import { RecountPolicy } from '../core/recount-policy.js';
import { inspectTable } from './inspect-table.js';
import { SerialFloor } from './serial-floor.js';
import { PgCleaner } from './pg-cleaner.js';
import type { PostgresQueueOptions } from './postgres-queue-options.js';

export type { PostgresQueueOptions } from './postgres-queue-options.js';

interface HeaderRow {
  now_us: string;
  deleted: string | null;
  filenode: string | null;
  max_id: string | null;
  heartbeats: unknown;
  labels: Record<string, string> | null;
  rows: unknown[] | null;
  counts?: [string, string | null, string | number][] | null;
  window_rows?: unknown[] | null;
}

const DEFAULT_LOOKBACK_MS = 300_000;
const DEFAULT_GRACE_MS = 120_000;

/**
 * A PostgreSQL job table as a queue source. Reads run on a small pool whose sessions
 * are read-only with a statement timeout and TimeZone=UTC (naive-UTC columns then
 * compare correctly), so one refresh is one statement and one round trip. The first
 * refresh (and a periodic safety recount) counts everything; the others read only what
 * can have changed (see QueueTally).
 */
export class PostgresQueueSource implements QueueSource {
  readonly preset: string;
  readonly target: string;
  private readonly pool: pg.Pool;
  private info: TableInfo | null = null;
  private sql: QueueSql | null = null;
  private readonly tally: QueueTally;
  private deletedCounter: string | null = null;
  private filenode: string | null = null;
  private readonly serialFloor: SerialFloor;
  private readonly recount: RecountPolicy;
  private readonly cleaner: PgCleaner;
  private last: { text: string; values: unknown[] } | null = null;

  constructor(private readonly opts: PostgresQueueOptions) {
    this.preset = opts.preset.name;
    this.target = describePgTarget(opts.url);
    const timeout = Math.max(1, Math.round(opts.statementTimeoutMs));
    this.pool = new pg.Pool({
      connectionString: opts.url,
      max: 2,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: Math.max(1000, timeout),
      application_name: 'jobdeck',
      options: `-c default_transaction_read_only=on -c statement_timeout=${timeout} -c TimeZone=UTC`,
    });
    // An idle client losing its server must not crash the process; the next read reports it.
    this.pool.on('error', () => undefined);
    this.recount = new RecountPolicy(opts.recountEveryMs);
    this.cleaner = new PgCleaner(
      {
        preset: this.preset,
        target: this.target,
        read: () => this.read(),
        cleanupKinds: () => this.cleanupKinds(),
        liveRows: () => this.tally.liveRows(),
        idType: () => this.info?.idType ?? 'text',
        afterWrite: () => {
          this.recount.force('after cleanup');
        },
        wrap: (error) => this.wrap(error),
      },
      opts,
    );
    this.serialFloor = new SerialFloor((opts.lookbackMs ?? DEFAULT_LOOKBACK_MS) * 1000);
    this.tally = new QueueTally(opts.preset.statuses, (opts.graceMs ?? DEFAULT_GRACE_MS) * 1000);
  }

  cleanupKinds(): readonly CleanupKind[] {
    const kinds: CleanupKind[] = ['stuck', 'stale-waiting'];
    if (this.opts.preset.heartbeats !== null && this.opts.preset.columns.worker !== null) {
      kinds.push('dead-workers');
    }
    return kinds;
  }

  async read(): Promise<QueueSnapshot> {
    const started = performance.now();
    try {
      const sql = await this.prepare();
      const lookbackS = (this.opts.lookbackMs ?? DEFAULT_LOOKBACK_MS) / 1000;
      const live = [...this.opts.preset.statuses.waiting, ...this.opts.preset.statuses.active];
      const rangeParam =
        this.info?.newRange === 'serial' ? String(this.serialFloor.value) : lookbackS;
      const recountReason = this.recount.due(Date.now());

      let header: HeaderRow;
      let mode: 'full' | 'incremental' = 'incremental';
      if (recountReason === null) {
        header = await this.queryOne(sql.incremental, [
          live,
          rangeParam,
          this.tally.trackedIds(),
          this.opts.preset.table,
        ]);
        const nowUs = Number(header.now_us);
        const changed = this.tableChanged(header);
        const outcome =
          changed ??
          this.tally.apply(this.parseRows(header.rows), this.range(nowUs, lookbackS), nowUs)
            .recount;
        if (outcome !== null) {
          this.recount.force(outcome);
          return await this.read();
        }
      } else {
        mode = 'full';
        header = await this.full(sql, live, lookbackS);
      }
      const nowUs = Number(header.now_us);
      this.noteHeader(header, nowUs);
      this.tally.pruneWindow(nowUs - this.opts.windowMs * 1000);
      const reason = mode === 'full' ? recountReason : null;
      return buildQueueSnapshot({
        preset: this.opts.preset,
        tally: this.tally,
        ctx: this.ruleContext(nowUs),
        windowMs: this.opts.windowMs,
        workerPolicy: {
          staleAfterMs: this.opts.staleHeartbeatMs,
          deadAfterMs: this.opts.deadHeartbeatMs,
        },
        heartbeats:
          this.opts.preset.heartbeats === null ? null : parseHeartbeats(header.heartbeats),
        labels: new Map(Object.entries(header.labels ?? {})),
        refresh: { mode, reason, roundTrips: 1, elapsedMs: performance.now() - started },
      });
    } catch (error) {
      this.recount.force('after an error');
      throw this.wrap(error);
    }
  }

  planCleanup(kind: CleanupKind): Promise<CleanupPlan> {
    return this.cleaner.plan(kind);
  }

  planOrphans(ids: readonly string[]): Promise<CleanupPlan> {
    return this.cleaner.planOrphans(ids);
  }

  runCleanup(plan: CleanupPlan): Promise<CleanupResult> {
    return this.cleaner.run(plan);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private ruleContext(nowUs: number): RuleContext {
    return {
      nowUs,
      stuckAfterMs: this.opts.stuckAfterMs,
      jobTimeoutMs: this.opts.jobTimeoutMs,
      queuedNoStartAfterMs: this.opts.queuedNoStartAfterMs,
    };
  }

  private range(nowUs: number, lookbackS: number): NewRange {
    return this.info?.newRange === 'serial'
      ? { kind: 'serial', aboveId: this.serialFloor.value }
      : { kind: 'created', sinceUs: nowUs - lookbackS * 1e6 };
  }

  private async full(sql: QueueSql, live: string[], lookbackS: number): Promise<HeaderRow> {
    const terminal = [...this.opts.preset.statuses.success, ...this.opts.preset.statuses.failure];
    // For serial ids the first full read has no floor yet: read none as "new", then start the floor below the max.
    const rangeParam =
      this.info?.newRange === 'serial' ? String(Number.MAX_SAFE_INTEGER) : lookbackS;
    const header = await this.queryOne(sql.full, [
      live,
      rangeParam,
      terminal,
      this.opts.preset.table,
      this.opts.windowMs / 1000,
    ]);
    const nowUs = Number(header.now_us);
    const counts = (header.counts ?? []).map(([status, type, n]) => ({
      status,
      type,
      count: Number(n),
    }));
    if (this.info?.newRange === 'serial') {
      const maxId = Number(header.max_id ?? 0);
      this.serialFloor.reset(maxId);
    }
    this.tally.reset(
      counts,
      this.parseRows(header.window_rows ?? null),
      this.parseRows(header.rows),
      nowUs,
    );
    if (this.info?.newRange === 'serial') {
      // Rows between the floor and the max were counted by the full read: track them too.
      const extra = await this.queryOne(sql.incremental, [
        live,
        String(this.serialFloor.value),
        [],
        this.opts.preset.table,
      ]);
      this.tally.reset(
        counts,
        this.parseRows(header.window_rows ?? null),
        [
          ...this.parseRows(header.rows),
          ...this.parseRows(extra.rows).filter((r) => Number(r.id) <= Number(header.max_id ?? 0)),
        ],
        nowUs,
      );
    }
    this.recount.done(nowUs / 1000);
    return header;
  }

  /** A deletion or TRUNCATE since the last read means counts of untracked rows may be off. */
  private tableChanged(header: HeaderRow): string | null {
    if (this.deletedCounter !== null && header.deleted !== this.deletedCounter)
      return 'rows were deleted';
    if (this.filenode !== null && header.filenode !== this.filenode)
      return 'the table was rewritten';
    return null;
  }

  private noteHeader(header: HeaderRow, nowUs: number): void {
    this.deletedCounter = header.deleted;
    this.filenode = header.filenode;
    if (this.info?.newRange === 'serial' && header.max_id !== null) {
      this.serialFloor.observe(nowUs, Number(header.max_id));
    }
  }

  private parseRows(rows: unknown[] | null | undefined): JobRow[] {
    return (rows ?? []).map(parseJobRow);
  }

  /** The last read statement and its parameters (for benchmarks: EXPLAIN ANALYZE it). */
  lastStatement(): { text: string; values: unknown[] } | null {
    return this.last;
  }

  private async queryOne(text: string, values: unknown[]): Promise<HeaderRow> {
    this.last = { text, values };
    const result = await this.pool.query<HeaderRow>({ text, values });
    const row = result.rows[0];
    if (row === undefined) throw new SourceQueryError('the queue query returned no row');
    return row;
  }

  /** First use: check the table and columns exist, learn the id type and the new-row strategy. */
  private async prepare(): Promise<QueueSql> {
    if (this.sql !== null) return this.sql;
    this.info = await inspectTable(this.pool, this.opts.preset, {
      target: this.target,
      urlEnv: this.opts.urlEnv,
    });
    this.sql = buildQueueSql(this.opts.preset, this.info);
    return this.sql;
  }

  private wrap(error: unknown): Error {
    if (
      error instanceof SourceQueryError ||
      error instanceof ActionRefusedError ||
      error instanceof ConfigError
    )
      return error;
    return describePgError(error, this.opts.url, this.opts.urlEnv);
  }
}

function parseHeartbeats(value: unknown): [string, number | null][] {
  if (!Array.isArray(value)) return [];
  return value.map((entry: unknown) => {
    const [id, beat] = Array.isArray(entry) ? (entry as unknown[]) : [];
    return [String(id), typeof beat === 'number' && Number.isFinite(beat) ? beat : null];
  });
}
