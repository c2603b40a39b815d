import type { JobRow } from './job-row.js';

/** Which statuses mean what, for one preset. */
export interface StatusClasses {
  readonly waiting: readonly string[];
  readonly active: readonly string[];
  readonly success: readonly string[];
  readonly failure: readonly string[];
}

/**
 * Rows fetched through the "new rows" branch: created after a time (when the creation
 * column is indexed) or with a serial id above a floor (when it is not).
 */
export type NewRange =
  | { readonly kind: 'created'; readonly sinceUs: number }
  | { readonly kind: 'serial'; readonly aboveId: number };

export interface WindowEntry {
  readonly success: boolean;
  /** End for windowing: end ?? started ?? created (QFieldCloud's failed rows lack finished_at). */
  readonly windowEndUs: number;
  readonly waitS: number | null;
  readonly runS: number | null;
}

interface Tracked {
  row: JobRow;
  /** Keep re-reading the row until then: late writes (finished_at after status) land. */
  keepUntilUs: number;
}

export interface IncrementalOutcome {
  /** Set when the change cannot be applied exactly and a full recount must run. */
  readonly recount: string | null;
}

const key = (status: string, type: string | null): string => `${status}\u0000${type ?? ''}`;

/**
 * Exact job counts kept up to date from small reads. A full recount gives the
 * baseline; afterwards each refresh re-reads only the rows that can change (waiting and
 * active ones, recently created ones, and the rows tracked from earlier refreshes) and
 * applies the differences. Terminal rows are immutable in every system we watch except
 * for reruns (terminal → waiting) and deletions; both are detected and answered with a
 * recount, because the previous status of an untracked row is unknown.
 */
export class QueueTally {
  private readonly counts = new Map<string, number>();
  private readonly tracked = new Map<string, Tracked>();
  private readonly window = new Map<string, WindowEntry>();
  private readonly live: ReadonlySet<string>;
  private readonly success: ReadonlySet<string>;
  private readonly failure: ReadonlySet<string>;

  constructor(
    private readonly classes: StatusClasses,
    /** How long a changed row stays tracked, µs. */
    private readonly graceUs: number,
  ) {
    this.live = new Set([...classes.waiting, ...classes.active]);
    this.success = new Set(classes.success);
    this.failure = new Set(classes.failure);
  }

  /** Replaces everything with a full recount's result. */
  reset(
    counts: readonly { status: string; type: string | null; count: number }[],
    windowRows: readonly JobRow[],
    trackedRows: readonly JobRow[],
    nowUs: number,
  ): void {
    this.counts.clear();
    this.tracked.clear();
    this.window.clear();
    for (const c of counts) this.counts.set(key(c.status, c.type), c.count);
    for (const row of windowRows) this.noteTerminal(row);
    for (const row of trackedRows) {
      this.tracked.set(row.id, { row, keepUntilUs: nowUs + this.graceUs });
      this.noteTerminal(row);
    }
  }

  /** Ids the next incremental read must re-read. */
  trackedIds(): string[] {
    return [...this.tracked.keys()];
  }

  /**
   * Applies one incremental read: `rows` holds every live row, every row in `range`,
   * and every tracked row that still exists.
   */
  apply(rows: readonly JobRow[], range: NewRange, nowUs: number): IncrementalOutcome {
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      const previous = this.tracked.get(row.id);
      if (previous === undefined) {
        if (!inRange(row, range)) {
          return { recount: `job ${row.id} changed while untracked (a rerun?)` };
        }
        this.bump(row, 1);
        this.tracked.set(row.id, { row, keepUntilUs: nowUs + this.graceUs });
        this.noteTerminal(row);
        continue;
      }
      if (!sameRow(previous.row, row)) {
        this.bump(previous.row, -1);
        this.bump(row, 1);
        previous.row = row;
        previous.keepUntilUs = nowUs + this.graceUs;
        this.window.delete(row.id);
        this.noteTerminal(row);
      }
    }
    for (const [id, entry] of this.tracked) {
      if (!seen.has(id)) {
        // A tracked row is always re-read by id: missing means deleted.
        this.bump(entry.row, -1);
        this.window.delete(id);
        this.tracked.delete(id);
      }
    }
    for (const [id, entry] of this.tracked) {
      const keep =
        this.live.has(entry.row.status) || inRange(entry.row, range) || entry.keepUntilUs > nowUs;
      if (!keep) this.tracked.delete(id);
    }
    return { recount: null };
  }

  /** Drops window entries that ended before `sinceUs`. */
  pruneWindow(sinceUs: number): void {
    for (const [id, entry] of this.window) if (entry.windowEndUs <= sinceUs) this.window.delete(id);
  }

  countsByStatusAndType(): { status: string; type: string | null; count: number }[] {
    const out: { status: string; type: string | null; count: number }[] = [];
    for (const [k, count] of this.counts) {
      if (count === 0) continue;
      const [status = '', type = ''] = k.split('\u0000');
      out.push({ status, type: type === '' ? null : type, count });
    }
    return out;
  }

  windowEntries(sinceUs: number): WindowEntry[] {
    return [...this.window.values()].filter((entry) => entry.windowEndUs > sinceUs);
  }

  /** The live rows (waiting and active), as last read. */
  liveRows(): JobRow[] {
    const out: JobRow[] = [];
    for (const entry of this.tracked.values())
      if (this.live.has(entry.row.status)) out.push(entry.row);
    return out;
  }

  private bump(row: JobRow, delta: number): void {
    const k = key(row.status, row.type);
    this.counts.set(k, (this.counts.get(k) ?? 0) + delta);
  }

  private noteTerminal(row: JobRow): void {
    const success = this.success.has(row.status);
    if (!success && !this.failure.has(row.status)) return;
    const windowEndUs = row.endUs ?? row.startedUs ?? row.createdUs;
    const waitS = row.startedUs === null ? null : (row.startedUs - row.createdUs) / 1e6;
    const runS =
      row.startedUs === null || row.endUs === null ? null : (row.endUs - row.startedUs) / 1e6;
    this.window.set(row.id, { success, windowEndUs, waitS, runS });
  }
}

function inRange(row: JobRow, range: NewRange): boolean {
  return range.kind === 'created' ? row.createdUs > range.sinceUs : Number(row.id) > range.aboveId;
}

function sameRow(a: JobRow, b: JobRow): boolean {
  return (
    a.status === b.status &&
    a.type === b.type &&
    a.startedUs === b.startedUs &&
    a.endUs === b.endUs &&
    a.worker === b.worker &&
    a.group === b.group
  );
}
