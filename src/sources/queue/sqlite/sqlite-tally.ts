import type { WindowSummary } from '../core/window-stats.js';
import type { SqliteMapping } from '../../../config/sqlite-mapping.js';
import { SqliteWindow, type SqliteWindowEntry } from './sqlite-window.js';
import type { TaskRow } from './task-row.js';

export interface StatusTypeCount {
  readonly status: string;
  readonly type: string | null;
  readonly count: number;
}

/**
 * A set of rowids summarised: the count and the sum of the rowids (modulo a prime, so
 * the sum stays exact in JavaScript). The same numbers come from SQL (see
 * SqliteQueueSql.waitingPrints), so a waiting set that changed in a way the tally did
 * not follow shows up as a mismatch. A swap that keeps both (k rows leave unseen while
 * k old rows with the same rowid sum come back) is left to the periodic recount; richer
 * hashes were measured and cost more per row in SQLite than listing the rowids.
 */
export interface Fingerprint {
  readonly n: number;
  readonly sum: number;
}

/** The modulus of the SQL side: a billion rows' worth of terms stays below 2^53. */
const P = 1_000_000_007;

const key = (status: string, type: string | null): string => `${status}\u0000${type ?? ''}`;

/**
 * Exact task counts kept up to date from small reads, for SQLite.
 *
 * A full recount (GROUP BY over the whole table: ≈ 80 ms per million rows, see
 * bench/sqlite.ts) gives the baseline. Afterwards each refresh reads, inside one read
 * transaction: the in-flight rowids (a few), the rows with a rowid above the highest
 * seen (SQLite hands out rowids in commit order and a reader sees whole commits, so no
 * insert is missed), the rows that were or are in flight, a fingerprint of the waiting
 * rows per status (an aggregate over the status index, no rows shipped), and
 * `count(*)`. When no task left the waiting set unseen, the fingerprint matches and no
 * waiting row is shipped: always so while the workers are stalled and the backlog
 * grows, which is when the backlog is large. Otherwise (a task claimed and finished
 * between two refreshes, cancelled, deleted) the waiting rowids are listed and compared.
 *
 * What cannot be followed is answered with a recount: a finished task coming back to
 * life (a requeue), and a total that does not add up (rows deleted or rewritten
 * outside the live set). A finished row relabelled to another finished status leaves
 * the total unchanged; the periodic recount covers that.
 */
export class SqliteTally {
  private readonly finished = new Map<string, number>();
  private readonly waiting = new Map<number, TaskRow>();
  private readonly active = new Map<number, TaskRow>();
  /** Live rows counted by status and type, kept in step with the two maps. */
  private readonly liveCounts = new Map<string, number>();
  private readonly prints = new Map<string, Fingerprint>();
  private readonly window: SqliteWindow;
  private waitingVersion = 0;
  private oldest: { version: number; row: TaskRow | null } | null = null;
  private highest = 0;
  private readonly waitingSet: ReadonlySet<string>;
  private readonly activeSet: ReadonlySet<string>;

  constructor(statuses: SqliteMapping['statuses']) {
    this.waitingSet = new Set(statuses.waiting);
    this.activeSet = new Set(statuses.active);
    this.window = new SqliteWindow(
      new Set(statuses.success),
      new Set([...statuses.failure, ...statuses.deadLetter]),
    );
  }

  /** The highest rowid seen: rows above it are new. */
  get maxRowid(): number {
    return this.highest;
  }

  /**
   * Replaces everything with a full recount. `counts` covers the whole table; for
   * live statuses the live rows (same snapshot) are used instead.
   */
  reset(
    counts: readonly StatusTypeCount[],
    liveRows: readonly TaskRow[],
    windowRows: readonly TaskRow[],
    maxRowid: number,
  ): void {
    this.finished.clear();
    this.waiting.clear();
    this.active.clear();
    this.liveCounts.clear();
    this.prints.clear();
    this.window.clear();
    this.waitingVersion += 1;
    for (const c of counts) {
      if (!this.isLive(c.status)) this.finished.set(key(c.status, c.type), c.count);
    }
    for (const row of liveRows) this.place(row);
    for (const row of windowRows) this.window.note(row);
    this.highest = maxRowid;
  }

  /**
   * Step 1. Rows to re-read given the in-flight rowids now: every row in flight before
   * or now (start, worker and lease change while a task runs; claimed tasks need their
   * details). A reason instead when an old row came back to life.
   */
  inFlightToReread(
    activeNow: ReadonlyMap<number, string>,
  ): { ids: number[] } | { recount: string } {
    const ids = new Set(this.active.keys());
    for (const [rowid, status] of activeNow) {
      if (rowid > this.highest) continue; // new: the new-rows read returns it
      if (!this.active.has(rowid) && !this.waiting.has(rowid)) {
        return { recount: `task row ${rowid} came back to ${status} (a requeue?)` };
      }
      ids.add(rowid);
    }
    return { ids: [...ids] };
  }

  /** Step 2. Applies the re-read rows (a missing one was deleted) and the new rows. */
  applyChanges(
    reread: readonly TaskRow[],
    ids: readonly number[],
    newRows: readonly TaskRow[],
  ): void {
    const byRowid = new Map(reread.map((row) => [row.rowid, row]));
    for (const rowid of ids) this.move(rowid, byRowid.get(rowid));
    for (const row of newRows) {
      this.place(row);
      if (row.rowid > this.highest) this.highest = row.rowid;
    }
  }

  /**
   * Step 2b. Rows finished recently (from the window index): a waiting task claimed and
   * finished between two refreshes was never seen in flight; this catches it without
   * listing the waiting set. Rows not followed as waiting are ignored.
   */
  applyFinished(rows: readonly TaskRow[]): void {
    for (const row of rows) if (this.waiting.has(row.rowid)) this.move(row.rowid, row);
  }

  /** Step 3. Whether the table's waiting fingerprints differ from the followed ones. */
  waitingChanged(observed: ReadonlyMap<string, Fingerprint>): boolean {
    const statuses = new Set([...observed.keys(), ...this.prints.keys()]);
    for (const status of statuses) {
      const a = observed.get(status);
      const b = this.prints.get(status);
      if ((a?.n ?? 0) !== (b?.n ?? 0) || (a?.sum ?? 0) !== (b?.sum ?? 0)) return true;
    }
    return false;
  }

  /**
   * Step 3b, after a fingerprint mismatch: rows to re-read given every waiting rowid
   * now (those that left the waiting set or changed status), or a recount reason.
   */
  waitingToReread(
    waitingNow: ReadonlyMap<number, string>,
  ): { ids: number[] } | { recount: string } {
    const ids: number[] = [];
    for (const [rowid, status] of waitingNow) {
      const known = this.waiting.get(rowid);
      if (known === undefined) {
        return { recount: `task row ${rowid} came back to ${status} (a requeue?)` };
      }
      if (known.status !== status) ids.push(rowid);
    }
    for (const rowid of this.waiting.keys()) if (!waitingNow.has(rowid)) ids.push(rowid);
    return { ids };
  }

  /** Step 4. Null when the followed counts add up to the table's `count(*)`. */
  totalMismatch(total: number): string | null {
    let expected = this.waiting.size + this.active.size;
    for (const n of this.finished.values()) expected += n;
    if (expected === total) return null;
    return total < expected
      ? `${expected - total} row(s) deleted`
      : `${total - expected} row(s) changed outside the live set`;
  }

  /** Drops window entries that ended at or before `sinceMs`. */
  pruneWindow(sinceMs: number): void {
    this.window.prune(sinceMs);
  }

  windowEntries(sinceMs: number): SqliteWindowEntry[] {
    return this.window.entriesSince(sinceMs);
  }

  /** Summary of the window as pruned last; recomputed only when the window changed. */
  windowSummary(): WindowSummary {
    return this.window.summarize();
  }

  waitingRows(): TaskRow[] {
    return [...this.waiting.values()];
  }

  inFlightRows(): TaskRow[] {
    return [...this.active.values()];
  }

  /** The waiting row created first (ties: lowest rowid); recomputed only when the set changed. */
  oldestWaiting(): TaskRow | null {
    if (this.oldest?.version === this.waitingVersion) return this.oldest.row;
    let best: TaskRow | null = null;
    for (const row of this.waiting.values()) {
      if (best === null) best = row;
      else {
        const a = row.createdMs ?? Infinity;
        const b = best.createdMs ?? Infinity;
        if (a < b || (a === b && row.rowid < best.rowid)) best = row;
      }
    }
    this.oldest = { version: this.waitingVersion, row: best };
    return best;
  }

  countsByStatusAndType(): StatusTypeCount[] {
    const out: StatusTypeCount[] = [];
    for (const map of [this.finished, this.liveCounts]) {
      for (const [k, count] of map) {
        if (count === 0) continue;
        const [status = '', type = ''] = k.split('\u0000');
        out.push({ status, type: type === '' ? null : type, count });
      }
    }
    return out;
  }

  private isLive(status: string): boolean {
    return this.waitingSet.has(status) || this.activeSet.has(status);
  }

  /** A followed row now reads `row` (undefined: deleted). */
  private move(rowid: number, row: TaskRow | undefined): void {
    const wasLive = this.active.has(rowid) || this.waiting.has(rowid);
    this.forget(rowid);
    if (row === undefined) return;
    if (this.isLive(row.status) || wasLive) this.place(row);
  }

  /** Files a row by its status: live rows into their map, the others into the finished counts. */
  private place(row: TaskRow): void {
    if (this.waitingSet.has(row.status)) {
      this.waiting.set(row.rowid, row);
      this.waitingVersion += 1;
      this.print(row.status, row.rowid, 1);
    } else if (this.activeSet.has(row.status)) {
      this.active.set(row.rowid, row);
    } else {
      const k = key(row.status, row.type);
      this.finished.set(k, (this.finished.get(k) ?? 0) + 1);
      this.window.note(row);
      return;
    }
    const k = key(row.status, row.type);
    this.liveCounts.set(k, (this.liveCounts.get(k) ?? 0) + 1);
  }

  private forget(rowid: number): void {
    const old = this.waiting.get(rowid) ?? this.active.get(rowid);
    if (old === undefined) return;
    if (this.waiting.delete(rowid)) {
      this.waitingVersion += 1;
      this.print(old.status, rowid, -1);
    }
    this.active.delete(rowid);
    const k = key(old.status, old.type);
    this.liveCounts.set(k, (this.liveCounts.get(k) ?? 0) - 1);
  }

  private print(status: string, rowid: number, sign: 1 | -1): void {
    const p = this.prints.get(status) ?? { n: 0, sum: 0 };
    this.prints.set(status, { n: p.n + sign, sum: p.sum + sign * (rowid % P) });
  }
}
