import { cleanupItemOf } from '../core/cleanup-item-of.js';
import { resolve } from 'node:path';
import {
  DatabaseSync,
  type SQLInputValue,
  type SQLOutputValue,
  type StatementSync,
} from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { ActionRefusedError, SourceQueryError } from '../../../shared/errors.js';
import { formatAge } from '../../../shared/format-age.js';
import { sqlIdentifier as q } from '../core/sql-identifier.js';
import type {
  CleanupItem,
  CleanupKind,
  CleanupPlan,
  CleanupResult,
  QueueSource,
} from '../core/queue-source.js';
import { buildSqliteCleanupSql } from './build-sqlite-cleanup-sql.js';
import { buildSqliteSnapshot } from './build-sqlite-snapshot.js';
import { checkDatabaseFile } from './check-database-file.js';
import { describeSqliteError } from './describe-sqlite-error.js';
import { prismqMapping } from '../../../config/prismq-mapping.js';
import type { SqliteMapping } from '../../../config/sqlite-mapping.js';
import { buildSqliteQueueSql, type SqliteQueueSql, type WindowIndex } from './sqlite-queue-sql.js';
import type { SqliteQueueSnapshot } from './sqlite-queue-snapshot.js';
import type { SqliteQueueSourceOptions } from './sqlite-queue-source-options.js';
import { SqliteTally, type Fingerprint } from './sqlite-tally.js';
import { parseTaskRow, type TaskRow } from './task-row.js';
import type { WorkerRow } from './worker-row.js';

type Row = Record<string, SQLOutputValue>;
type Params = Record<string, SQLInputValue>;

/** How far before the last read "recently finished" looks (commit lag, second truncation). */
const FINISHED_MARGIN_MS = 10_000;

interface Prepared {
  readonly db: DatabaseSync;
  readonly dev: number;
  readonly ino: number;
  readonly sql: SqliteQueueSql;
  readonly statements: Map<string, StatementSync>;
  readonly windowIndex: WindowIndex;
}

/**
 * An SQLite job table (PrismQ's `task_queue` + `workers` by default) as a queue source.
 *
 * Reads go through one long-lived read-only handle (`readOnly: true`, so a missing file
 * is never created and no write can happen) with a busy timeout. Each refresh is one
 * read transaction, so every number comes from the same snapshot. The first refresh
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
  private prepared: Prepared | null = null;
  private lastVersion: number | null = null;
  private lastWorkers: WorkerRow[] | null = null;
  private lastFullAtMs = 0;
  /** Clock time of the last table read (full or incremental). */
  private lastReadAtMs = 0;
  private forceRecount: string | null = 'first refresh';
  private readonly opts: Required<
    Omit<SqliteQueueSourceOptions, keyof SqliteMapping | 'path' | 'preset'>
  >;

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

  read(): Promise<SqliteQueueSnapshot> {
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
    try {
      return Promise.resolve(this.run(plan));
    } catch (error) {
      return Promise.reject(
        describeSqliteError(error, {
          path: this.path,
          action: 'cleanup',
          busyTimeoutMs: this.opts.cleanupBusyTimeoutMs,
        }),
      );
    }
  }

  close(): Promise<void> {
    this.closeHandle();
    return Promise.resolve();
  }

  /** CREATE INDEX statements that would make the full recount cheaper (for `doctor`). */
  indexAdvice(): string[] {
    if (this.prepared === null || this.prepared.windowIndex !== null) return [];
    const m = this.mapping;
    const name = `ix_${m.table.replace(/\W/g, '_')}_${m.columns.status}_${m.columns.finishedAt}`;
    return [
      `CREATE INDEX IF NOT EXISTS ${q(name.slice(0, 63))} ON ${q(m.table)} (${q(m.columns.status)}, ${q(m.columns.finishedAt)});`,
    ];
  }

  private readNow(): SqliteQueueSnapshot {
    const started = performance.now();
    const p = this.open();
    let statements = 1;
    const version = Number(this.one(p, 'PRAGMA data_version').data_version);
    const nowMs = Date.now();
    const periodic = nowMs - this.lastFullAtMs > this.opts.recountEveryMs;
    let reason = this.forceRecount ?? (periodic ? 'periodic recount' : null);
    if (reason === null && version === this.lastVersion) {
      // Nothing was committed since the last read: same rows, only the clock moved.
      return this.build(nowMs, null, statements, started);
    }
    p.db.exec('BEGIN');
    try {
      if (reason === null) {
        const outcome = this.incremental(p);
        statements += outcome.statements;
        reason = outcome.recount;
      }
      if (reason !== null) statements += this.full(p, nowMs);
      if (p.sql.workers !== null) {
        this.lastWorkers = this.all(p, p.sql.workers).map(parseWorkerRow);
        statements += 1;
      }
      p.db.exec('COMMIT');
    } finally {
      if (p.db.isTransaction) p.db.exec('ROLLBACK');
    }
    this.lastVersion = version;
    this.lastReadAtMs = nowMs;
    this.forceRecount = null;
    return this.build(nowMs, reason, statements, started);
  }

  private build(
    nowMs: number,
    reason: string | null,
    statements: number,
    started: number,
  ): SqliteQueueSnapshot {
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
      activeHeartbeatMs: this.opts.activeHeartbeatMs,
      staleHeartbeatMs: this.opts.staleHeartbeatMs,
      // SQLite has no round trips: this counts the statements the refresh ran.
      refresh: {
        mode: reason === null ? 'incremental' : 'full',
        reason,
        roundTrips: statements,
        elapsedMs: performance.now() - started,
      },
    });
  }

  /** Returns the statements run and a recount reason when the change cannot be followed. */
  private incremental(p: Prepared): { statements: number; recount: string | null } {
    const st = this.mapping.statuses;
    const waiting = JSON.stringify(st.waiting);
    let statements = 0;
    const all = (text: string, params?: Params): Row[] => {
      statements += 1;
      return this.all(p, text, params);
    };
    const rowsByRowid = (ids: readonly number[]): TaskRow[] =>
      ids.length === 0
        ? []
        : all(p.sql.rowsByRowid, { ids: JSON.stringify(ids) }).map(parseTaskRow);

    const activeNow = new Map<number, string>();
    for (const row of all(p.sql.activeIds, { active: JSON.stringify(st.active) })) {
      activeNow.set(Number(row.rowid_), String(row.status_));
    }
    const flight = this.tally.inFlightToReread(activeNow);
    if ('recount' in flight) return { statements, recount: flight.recount };
    const newRows = all(p.sql.newRows, { after: this.tally.maxRowid }).map(parseTaskRow);
    this.tally.applyChanges(rowsByRowid(flight.ids), flight.ids, newRows);

    if (p.windowIndex !== null) {
      // Cheap with the window index (a range scan); without it this would scan the table.
      // The margin covers a writer that stamped finished_at before our last snapshot
      // but committed after it.
      const finished = all(p.sql.windowRows, {
        terminal: JSON.stringify([...st.success, ...st.failure, ...st.deadLetter]),
        since: sqliteDatetime(this.lastReadAtMs - FINISHED_MARGIN_MS),
      }).map(parseTaskRow);
      this.tally.applyFinished(finished);
    }

    const prints = new Map<string, Fingerprint>();
    for (const row of all(p.sql.waitingPrints, { waiting })) {
      prints.set(String(row.status_), { n: Number(row.n), sum: Number(row.s) });
    }
    if (this.tally.waitingChanged(prints)) {
      // Waiting tasks changed in a way not seen in flight (cancelled, deleted, relabelled):
      // list them and compare.
      const waitingNow = new Map<number, string>();
      for (const row of all(p.sql.waitingIds, { waiting })) {
        const status = String(row.status_);
        const ids = typeof row.ids === 'string' ? row.ids : '';
        for (const id of ids === '' ? [] : ids.split(',')) waitingNow.set(Number(id), status);
      }
      const plan = this.tally.waitingToReread(waitingNow);
      if ('recount' in plan) return { statements, recount: plan.recount };
      this.tally.applyChanges(rowsByRowid(plan.ids), plan.ids, []);
    }
    const total = Number(this.one(p, p.sql.total).n);
    statements += 1;
    return { statements, recount: this.tally.totalMismatch(total) };
  }

  private full(p: Prepared, nowMs: number): number {
    const st = this.mapping.statuses;
    const counts = this.all(p, p.sql.counts).map((row) => ({
      status: String(row.status_),
      type: row.type_ === null || row.type_ === undefined ? null : String(row.type_),
      count: Number(row.n),
    }));
    const liveRows = this.all(p, p.sql.liveRows, {
      live: JSON.stringify([...st.waiting, ...st.active]),
    }).map(parseTaskRow);
    const windowRows = this.all(p, p.sql.windowRows, {
      terminal: JSON.stringify([...st.success, ...st.failure, ...st.deadLetter]),
      since: sqliteDatetime(nowMs - this.opts.windowMs),
    }).map(parseTaskRow);
    const maxRowid = Number(this.one(p, p.sql.maxRowid).m ?? 0);
    this.tally.reset(counts, liveRows, windowRows, maxRowid);
    this.lastFullAtMs = nowMs;
    return 4;
  }

  private plan(kind: CleanupKind): CleanupPlan {
    if (!this.cleanupKinds().includes(kind)) {
      throw new ActionRefusedError(
        'this SQLite queue has no workers table or worker column; dead-worker cleanup is not available',
      );
    }
    const snapshot = this.readNow();
    const m = this.mapping;
    let items: CleanupItem[];
    let what: string;
    if (kind === 'stuck') {
      items = snapshot.stuck.map(cleanupItemOf);
      what = 'stuck';
    } else if (kind === 'stale-waiting') {
      const limitMs = this.opts.staleWaitingMs;
      items = this.tally
        .waitingRows()
        .filter((row) => row.createdMs !== null)
        .map((row) => ({ row, ageMs: snapshot.at - (row.createdMs ?? snapshot.at) }))
        .filter(({ ageMs }) => ageMs > limitMs)
        .sort((a, b) => b.ageMs - a.ageMs || a.row.rowid - b.row.rowid)
        .map(({ row, ageMs }) => ({
          id: row.id,
          status: row.status,
          ageSeconds: ageMs / 1000,
          reason: `waiting for ${formatAge(ageMs / 1000)}, longer than ${formatAge(limitMs / 1000)}`,
        }));
      what = 'long-waiting';
    } else {
      const dead = new Map(
        (snapshot.workers ?? []).filter((w) => w.state === 'dead').map((w) => [w.id, w]),
      );
      items = snapshot.running.flatMap((job) => {
        const worker = job.worker === null ? undefined : dead.get(job.worker);
        if (worker === undefined) return [];
        return [
          {
            id: job.id,
            status: job.status,
            ageSeconds: job.ageSeconds,
            reason: `worker ${worker.id} sent no heartbeat for ${formatAge(worker.ageSeconds ?? 0)}`,
          },
        ];
      });
      what = 'orphaned (dead worker)';
    }
    const statement = buildSqliteCleanupSql(m, kind, this.opts).text;
    return {
      kind,
      summary: `mark ${items.length} ${what} task${items.length === 1 ? '' : 's'} ${m.statuses.failedValue} in ${this.target} (${m.table}); nothing is deleted`,
      statement,
      items,
    };
  }

  private run(plan: CleanupPlan): CleanupResult {
    if (this.opts.readOnly) {
      throw new ActionRefusedError(
        'read-only mode: cleanup is disabled (start without --read-only, or pass --write)',
      );
    }
    const ids = plan.items.map((item) => item.id);
    if (ids.length === 0) return { kind: plan.kind, marked: [], skipped: [] };
    const sql = buildSqliteCleanupSql(this.mapping, plan.kind, this.opts);
    checkDatabaseFile(this.path, this.opts.pathHint);
    // mode=rw: open read-write but never create; a file removed since the check stays missing.
    const url = pathToFileURL(this.path);
    url.searchParams.set('mode', 'rw');
    const db = new DatabaseSync(url, { timeout: this.opts.cleanupBusyTimeoutMs });
    try {
      db.exec(`PRAGMA busy_timeout = ${Math.round(this.opts.cleanupBusyTimeoutMs)}`);
      // IMMEDIATE takes the write lock before reading, so the re-check and the update
      // see the same rows and no writer can slip in between.
      db.exec('BEGIN IMMEDIATE');
      const rows = db.prepare(sql.text).all({ ...sql.params, ids: JSON.stringify(ids) });
      db.exec('COMMIT');
      const marked = rows.map((row) => String(row.id_));
      const markedSet = new Set(marked);
      return { kind: plan.kind, marked, skipped: ids.filter((id) => !markedSet.has(id)) };
    } finally {
      if (db.isTransaction) db.exec('ROLLBACK');
      db.close();
    }
  }

  /** The read handle, opened (and the schema checked) on first use or after the file was replaced. */
  private open(): Prepared {
    const stats = checkDatabaseFile(this.path, this.opts.pathHint);
    const current = this.prepared;
    if (current !== null && current.dev === stats.dev && current.ino === stats.ino) return current;
    if (current !== null) {
      this.closeHandle();
      this.forceRecount = 'the database file was replaced';
    }
    const db = new DatabaseSync(this.path, {
      readOnly: true,
      timeout: this.opts.busyTimeoutMs,
    });
    try {
      // Also as a PRAGMA: the `timeout` option is ignored by Node versions before 24.
      db.exec(`PRAGMA busy_timeout = ${Math.round(this.opts.busyTimeoutMs)}`);
      const windowIndex = this.checkSchema(db, stats.size);
      const sql = buildSqliteQueueSql(this.mapping, windowIndex);
      const statements = new Map<string, StatementSync>();
      for (const text of Object.values(sql)) {
        if (typeof text === 'string') statements.set(text, db.prepare(text));
      }
      this.prepared = { db, dev: stats.dev, ino: stats.ino, sql, statements, windowIndex };
      return this.prepared;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Checks tables and columns exist; returns which index serves the window read. */
  private checkSchema(db: DatabaseSync, size: number): WindowIndex {
    const m = this.mapping;
    const hint = this.opts.pathHint;
    const columnsOf = (table: string): Set<string> => {
      const [schema, name] = table.includes('.') ? table.split('.', 2) : ['main', table];
      const rows = db
        .prepare('SELECT name FROM pragma_table_xinfo(:name, :schema)')
        .all({ name: name ?? table, schema: schema ?? 'main' });
      return new Set(rows.map((row) => String(row.name).toLowerCase()));
    };
    const missingTable = (table: string, key: string): SourceQueryError => {
      if (size === 0) {
        return new SourceQueryError(
          `SQLite database ${this.path} is empty (0 bytes), not a queue database; check ${hint}`,
        );
      }
      const tables = db
        .prepare(
          "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name LIMIT 10",
        )
        .all()
        .map((row) => String(row.name));
      return new SourceQueryError(
        `table ${table} not found in ${this.path} (it has: ${tables.length === 0 ? 'no tables' : tables.join(', ')}); check ${hint}, or set ${key} if the queue's table has another name`,
      );
    };
    const c = m.columns;
    const taskColumns = columnsOf(m.table);
    if (taskColumns.size === 0) throw missingTable(m.table, 'queue.sqlite.table');
    const wanted: [string, string | null][] = [
      ['id', c.id],
      ['status', c.status],
      ['type', c.type],
      ['createdAt', c.createdAt],
      ...c.startedAt.map((name): [string, string] => ['startedAt', name]),
      ['finishedAt', c.finishedAt],
      ['updatedAt', c.updatedAt],
      ['worker', c.worker],
      ['error', c.error],
      ['attempts', c.attempts],
      ['leaseUntil', c.leaseUntil],
    ];
    const missing = wanted.filter(
      (entry): entry is [string, string] =>
        entry[1] !== null && !taskColumns.has(entry[1].toLowerCase()),
    );
    if (missing.length > 0) {
      const list = missing.map(([k, name]) => `${name} (queue.sqlite.columns.${k})`).join(', ');
      throw new SourceQueryError(
        `table ${m.table} in ${this.path} has no column ${list}; map it to the right column, or null where optional`,
      );
    }
    const w = m.workers;
    if (w !== null) {
      const workerColumns = columnsOf(w.table);
      if (workerColumns.size === 0) throw missingTable(w.table, 'queue.sqlite.workers.table');
      const workerWanted: [string, string | null][] = [
        ['id', w.id],
        ['heartbeat', w.heartbeat],
        ['capabilities', w.capabilities],
      ];
      const gone = workerWanted.filter(
        (entry): entry is [string, string] =>
          entry[1] !== null && !workerColumns.has(entry[1].toLowerCase()),
      );
      if (gone.length > 0) {
        const list = gone.map(([k, name]) => `${name} (queue.sqlite.workers.${k})`).join(', ');
        throw new SourceQueryError(
          `table ${w.table} in ${this.path} has no column ${list}; map it, or set queue.sqlite.workers to null if the queue keeps no heartbeats`,
        );
      }
    }
    // Text timestamps are compared as text in range filters: numbers would silently
    // never match, so say so instead.
    const sample = db
      .prepare(
        `SELECT typeof(${q(c.createdAt)}) AS t FROM ${q(m.table)} WHERE ${q(c.createdAt)} IS NOT NULL LIMIT 1`,
      )
      .get();
    if (sample !== undefined && sample.t !== 'text') {
      throw new SourceQueryError(
        `column ${c.createdAt} of ${m.table} holds ${String(sample.t)} values; jobdeck reads SQLite text datetimes in UTC (YYYY-MM-DD HH:MM:SS, what datetime('now') writes)`,
      );
    }
    return this.windowIndexOf(db);
  }

  /** An index led by (status, finished) or by finished serves the window read; see SqliteQueueSql. */
  private windowIndexOf(db: DatabaseSync): WindowIndex {
    const m = this.mapping;
    const [schema, name] = m.table.includes('.') ? m.table.split('.', 2) : ['main', m.table];
    const rows = db
      .prepare(
        `SELECT il.name AS idx, ii.seqno AS seq, lower(ii.name) AS col
           FROM pragma_index_list(:name, :schema) il, pragma_index_info(il.name, :schema) ii
          WHERE il.partial = 0 ORDER BY il.name, ii.seqno`,
      )
      .all({ name: name ?? m.table, schema: schema ?? 'main' });
    const byIndex = new Map<string, string[]>();
    for (const row of rows) {
      const cols = byIndex.get(String(row.idx)) ?? [];
      cols.push(String(row.col));
      byIndex.set(String(row.idx), cols);
    }
    const status = m.columns.status.toLowerCase();
    const end = m.columns.finishedAt.toLowerCase();
    let found: WindowIndex = null;
    for (const cols of byIndex.values()) {
      if (cols[0] === status && cols[1] === end) return 'status-end';
      if (cols[0] === end) found = 'end';
    }
    return found;
  }

  private statement(p: Prepared, text: string): StatementSync {
    let stmt = p.statements.get(text);
    if (stmt === undefined) {
      stmt = p.db.prepare(text);
      p.statements.set(text, stmt);
    }
    return stmt;
  }

  private all(p: Prepared, text: string, params?: Params): Row[] {
    const stmt = this.statement(p, text);
    return params === undefined ? stmt.all() : stmt.all(params);
  }

  private one(p: Prepared, text: string): Row {
    const row = this.statement(p, text).get();
    if (row === undefined) throw new SourceQueryError(`SQLite database ${this.path}: no row`);
    return row;
  }

  /** After a failure the handle is dropped, so the next read reopens and re-checks the schema. */
  private fail(error: unknown): Error {
    this.closeHandle();
    this.forceRecount ??= 'after an error';
    return describeSqliteError(error, {
      path: this.path,
      action: 'read',
      busyTimeoutMs: this.opts.busyTimeoutMs,
    });
  }

  private closeHandle(): void {
    const p = this.prepared;
    this.prepared = null;
    this.lastVersion = null;
    if (p !== null && p.db.isOpen) p.db.close();
  }
}

function parseWorkerRow(row: Row): WorkerRow {
  const beat = row.beat_ms;
  const caps = row.capabilities_;
  return {
    id: String(row.id_),
    beatMs: typeof beat === 'number' && Number.isFinite(beat) ? beat : null,
    capabilities: typeof caps === 'string' ? caps : null,
  };
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, whole seconds rounded down (the window filter re-checks exactly). */
function sqliteDatetime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}
