import pg from 'pg';
import { ActionRefusedError, ConfigError, SourceQueryError } from '../../../shared/errors.js';
import type { QueueSnapshot } from '../core/queue-snapshot.js';
import type {
  CleanupItem,
  CleanupKind,
  CleanupPlan,
  CleanupResult,
  QueueSource,
} from '../core/queue-source.js';
import {
  cleanupResult,
  deadWorkerItems,
  refuseCleanupWhenReadOnly,
  stuckItems,
} from '../core/plan-cleanup.js';
import { buildQueueSnapshot } from './build-queue-snapshot.js';
import { describePgError, describePgTarget } from './describe-pg-error.js';
import { parseJobRow, type JobRow } from './job-row.js';
import type { PgPreset, RuleContext } from './pg-preset.js';
import { buildQueueSql, type QueueSql, type TableInfo } from './queue-sql.js';
import { QueueTally, type NewRange } from './queue-tally.js';
import { sqlIdentifier as q } from '../core/sql-identifier.js';

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
const SERIAL_MARGIN = 1000;

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
  private lastFullAtUs = 0;
  private deletedCounter: string | null = null;
  private filenode: string | null = null;
  private serialFloor = 0;
  private readonly serialHistory: { atUs: number; maxId: number }[] = [];
  private forceRecount: string | null = 'first refresh';
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
      const nowGuessUs = Date.now() * 1000;
      const lookbackS = (this.opts.lookbackMs ?? DEFAULT_LOOKBACK_MS) / 1000;
      const live = [...this.opts.preset.statuses.waiting, ...this.opts.preset.statuses.active];
      const rangeParam = this.info?.newRange === 'serial' ? String(this.serialFloor) : lookbackS;
      const periodic = nowGuessUs - this.lastFullAtUs > this.opts.recountEveryMs * 1000;
      const recountReason = this.forceRecount ?? (periodic ? 'periodic recount' : null);

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
          this.forceRecount = outcome;
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
      this.forceRecount ??= 'after an error';
      throw this.wrap(error);
    }
  }

  async planCleanup(kind: CleanupKind): Promise<CleanupPlan> {
    const snapshot = await this.read();
    const nowMs = snapshot.at;
    let items: CleanupItem[];
    let what: string;
    if (kind === 'stuck') {
      items = stuckItems(snapshot);
      what = 'stuck';
    } else if (kind === 'stale-waiting') {
      const limitS = this.staleWaitingMs() / 1000;
      items = this.tally
        .liveRows()
        .filter((row) => this.opts.preset.statuses.waiting.includes(row.status))
        .map((row) => ({ row, ageSeconds: nowMs / 1000 - row.createdUs / 1e6 }))
        .filter(({ ageSeconds }) => ageSeconds > limitS)
        .sort((a, b) => b.ageSeconds - a.ageSeconds)
        .map(({ row, ageSeconds }) => ({
          id: row.id,
          status: row.status,
          ageSeconds,
          reason: staleReason(this.staleWaitingMs()),
        }));
      what = 'long-waiting';
    } else {
      if (!this.cleanupKinds().includes('dead-workers')) {
        throw new ActionRefusedError(
          `the ${this.preset} preset has no worker heartbeats; dead-worker cleanup is not available`,
        );
      }
      items = deadWorkerItems(snapshot, () => this.opts.preset.cleanup.deadWorkerReason);
      what = 'orphaned (dead worker)';
    }
    return {
      kind,
      summary: `mark ${items.length} ${what} job${items.length === 1 ? '' : 's'} ${this.opts.preset.cleanup.failedValue} in ${this.target} (${this.opts.preset.table}); nothing is deleted`,
      statement: this.cleanupStatement(kind).text,
      items,
    };
  }

  /**
   * Marks these in-flight jobs failed as orphaned, for systems without heartbeats whose
   * workers are proven dead by other evidence (QFieldCloud: the job's QGIS container is
   * gone). Only jobs still in flight are planned, and the UPDATE re-checks that.
   */
  async planOrphans(ids: readonly string[]): Promise<CleanupPlan> {
    const snapshot = await this.read();
    const wanted = new Set(ids);
    const items = snapshot.running
      .filter((job) => wanted.has(job.id))
      .map((job) => ({
        id: job.id,
        status: job.status,
        ageSeconds: job.ageSeconds,
        reason: this.opts.preset.cleanup.deadWorkerReason,
      }));
    return {
      kind: 'dead-workers',
      summary: `mark ${String(items.length)} orphaned job${items.length === 1 ? '' : 's'} (worker container gone) ${this.opts.preset.cleanup.failedValue} in ${this.target}; nothing is deleted`,
      statement: this.cleanupStatement('dead-workers').text,
      items,
    };
  }

  async runCleanup(plan: CleanupPlan): Promise<CleanupResult> {
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
      this.forceRecount = 'after cleanup';
      return cleanupResult(
        plan,
        result.rows.map((row) => row.id),
      );
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.wrap(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** The UPDATE a cleanup runs: $1 = ids; it re-checks the condition so a job that moved on is skipped. */
  private cleanupStatement(kind: CleanupKind): { text: string; params: unknown[] } {
    const p = this.opts.preset;
    const c = p.columns;
    const params: unknown[] = [];
    // Placeholder for the next parameter; $1 is always the id list.
    const add = (value: unknown): string => {
      params.push(value);
      return `$${params.length + 1}`;
    };
    const status = q(c.status);
    const created = q(c.createdAt);
    const started = c.startedAt === null ? null : q(c.startedAt);
    const sets = [`${status} = ${add(p.cleanup.failedValue)}`];
    if (p.cleanup.endColumn !== null) sets.push(`${q(p.cleanup.endColumn)} = now()`);
    if (p.cleanup.reasonColumn !== null) {
      const col = q(p.cleanup.reasonColumn);
      const reason = add(
        kind === 'dead-workers'
          ? p.cleanup.deadWorkerReason
          : kind === 'stale-waiting'
            ? staleReason(this.staleWaitingMs())
            : 'jobdeck cleanup: stuck job marked failed',
      );
      // Append keeps what the column held (QFieldCloud's output is the container log).
      sets.push(
        p.cleanup.reasonMode === 'append'
          ? `${col} = concat_ws(E'\\n', NULLIF(${col}, ''), ${reason}::text)`
          : `${col} = ${reason}::text`,
      );
    }
    const olderThan = (column: string, ms: number): string =>
      `${column} < now() - make_interval(secs => ${add(ms / 1000)}::float8)`;
    let condition: string;
    if (kind === 'stuck' && p.name === 'qfieldcloud' && started !== null) {
      // The same rule as qfieldcloudPreset.stuckReason, re-checked inside the write.
      condition = `${status} = ANY(${add(['queued', 'started'])}::text[]) AND (${olderThan(started, this.opts.jobTimeoutMs + 10_000)} OR (${status} = ${add('queued')} AND ${started} IS NULL AND ${olderThan(created, this.opts.queuedNoStartAfterMs)}))`;
    } else if (kind === 'stuck') {
      condition = `${status} = ANY(${add(p.statuses.active)}::text[]) AND ${olderThan(started === null ? created : `COALESCE(${started}, ${created})`, this.opts.stuckAfterMs)}`;
    } else if (kind === 'stale-waiting') {
      condition = `${status} = ANY(${add(p.statuses.waiting)}::text[]) AND ${olderThan(created, this.staleWaitingMs())}`;
    } else {
      const hb = p.heartbeats;
      const inFlight = `${status} = ANY(${add(p.statuses.active)}::text[])`;
      // No heartbeats (QFieldCloud): the caller proved the worker dead another way
      // (planOrphans: its job container is gone); re-check only that the job is still in flight.
      condition =
        hb === null || c.worker === null
          ? inFlight
          : `${inFlight} AND ${q(c.worker)} IN (SELECT h.${q(hb.workerColumn)} FROM ${q(hb.table)} h WHERE ${olderThan(`h.${q(hb.heartbeatColumn)}`, this.opts.deadHeartbeatMs)})`;
    }
    const idType = this.info?.idType ?? 'text';
    const text = `UPDATE ${q(p.table)} SET ${sets.join(', ')} WHERE ${q(c.id)} = ANY($1::${idType}[]) AND ${condition} RETURNING ${q(c.id)}::text AS id`;
    return { text, params };
  }

  private staleWaitingMs(): number {
    return this.opts.staleWaitingMs ?? 86_400_000;
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
      ? { kind: 'serial', aboveId: this.serialFloor }
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
      this.serialFloor = Math.max(0, maxId - SERIAL_MARGIN);
      this.serialHistory.length = 0;
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
        String(this.serialFloor),
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
    this.lastFullAtUs = nowUs;
    this.forceRecount = null;
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
      this.serialHistory.push({ atUs: nowUs, maxId: Number(header.max_id) });
      const horizon = nowUs - (this.opts.lookbackMs ?? DEFAULT_LOOKBACK_MS) * 1000;
      while (this.serialHistory.length > 1 && (this.serialHistory[1]?.atUs ?? Infinity) <= horizon)
        this.serialHistory.shift();
      const oldest = this.serialHistory[0];
      if (oldest !== undefined && oldest.atUs <= horizon)
        this.serialFloor = Math.max(this.serialFloor, oldest.maxId);
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
    const p = this.opts.preset;
    const intro = await this.pool.query<{
      tbl: string | null;
      project_project: string | null;
      core_project: string | null;
    }>(
      `SELECT to_regclass($1)::text AS tbl, to_regclass('project_project')::text AS project_project, to_regclass('core_project')::text AS core_project`,
      [q(p.table)],
    );
    const found = intro.rows[0];
    if (found?.tbl == null) {
      throw new SourceQueryError(
        `table ${p.table} not found in ${this.target}: is ${this.opts.urlEnv} pointing at the ${p.name} database? (set queue.preset if not)`,
      );
    }
    const cols = await this.pool.query<{ attname: string; type: string }>(
      `SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
        WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
      [q(p.table)],
    );
    const types = new Map(cols.rows.map((r) => [r.attname, r.type]));
    const c = p.columns;
    const needed = [
      c.id,
      c.status,
      c.createdAt,
      c.type,
      c.startedAt,
      c.worker,
      c.group,
      ...c.end,
    ].filter((x): x is string => x !== null);
    const missing = needed.filter((name) => !types.has(name));
    if (missing.length > 0) {
      throw new SourceQueryError(
        `table ${p.table} in ${this.target} has no column ${missing.join(', ')}: check queue.preset (${p.name}) or the queue.custom column mapping`,
      );
    }
    const idType = types.get(c.id) ?? 'text';
    const indexed = await this.pool.query<{ ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
        WHERE i.indrelid = $1::regclass AND a.attname = $2) AS ok`,
      [q(p.table), c.createdAt],
    );
    const createdIndexed = indexed.rows[0]?.ok === true;
    const integerId = /^(bigint|integer|smallint)$/.test(idType);
    const projectTable =
      p.name !== 'qfieldcloud'
        ? null
        : found.project_project !== null
          ? 'project_project'
          : found.core_project !== null
            ? 'core_project'
            : null;
    this.info = {
      idType,
      newRange: !createdIndexed && integerId ? 'serial' : 'created',
      projectTable,
    };
    this.sql = buildQueueSql(p, this.info);
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

function staleReason(ms: number): string {
  const hours = Math.round(ms / 3_600_000);
  return `Auto-cleanup: stuck >${hours} hours`;
}

function parseHeartbeats(value: unknown): [string, number | null][] {
  if (!Array.isArray(value)) return [];
  return value.map((entry: unknown) => {
    const [id, beat] = Array.isArray(entry) ? (entry as unknown[]) : [];
    return [String(id), typeof beat === 'number' && Number.isFinite(beat) ? beat : null];
  });
}
