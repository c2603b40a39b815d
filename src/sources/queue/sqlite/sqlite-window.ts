import { summarizeWindow, type WindowEntry, type WindowSummary } from '../core/window-stats.js';
import type { TaskRow } from './task-row.js';

/** One finished task in the window, with the time it ended (finished ?? started ?? created). */
export interface SqliteWindowEntry extends WindowEntry {
  readonly endMs: number;
}

/**
 * The finished tasks inside the statistics window, by rowid. The summary (two sorts) is
 * recomputed only when an entry was added or pruned since it was last asked for.
 */
export class SqliteWindow {
  private readonly entries = new Map<number, SqliteWindowEntry>();
  private version = 0;
  private summary: { version: number; value: WindowSummary } | null = null;

  constructor(
    private readonly successSet: ReadonlySet<string>,
    private readonly failureSet: ReadonlySet<string>,
  ) {}

  clear(): void {
    this.entries.clear();
    this.version += 1;
  }

  /** Files a finished row (success or failure statuses only; others are ignored). */
  note(row: TaskRow): void {
    const success = this.successSet.has(row.status);
    if (!success && !this.failureSet.has(row.status)) return;
    const endMs = row.endMs ?? row.startedMs ?? row.createdMs;
    if (endMs === null) return;
    const waitS =
      row.startedMs === null || row.createdMs === null
        ? null
        : (row.startedMs - row.createdMs) / 1000;
    const runS =
      row.startedMs === null || row.endMs === null ? null : (row.endMs - row.startedMs) / 1000;
    this.entries.set(row.rowid, { success, endMs, waitS, runS });
    this.version += 1;
  }

  /** Drops entries that ended at or before `sinceMs`. */
  prune(sinceMs: number): void {
    for (const [rowid, entry] of this.entries) {
      if (entry.endMs <= sinceMs) {
        this.entries.delete(rowid);
        this.version += 1;
      }
    }
  }

  entriesSince(sinceMs: number): SqliteWindowEntry[] {
    return [...this.entries.values()].filter((entry) => entry.endMs > sinceMs);
  }

  /** Summary of the window as pruned last. */
  summarize(): WindowSummary {
    if (this.summary?.version === this.version) return this.summary.value;
    const value = summarizeWindow(this.entries.values());
    this.summary = { version: this.version, value };
    return value;
  }
}
