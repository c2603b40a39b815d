import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { Writable } from 'node:stream';
import { defaultStateDbPath } from './default-state-db-path.js';
import { HISTORY_COLUMNS } from './history-columns.js';
import type { HistoryRow } from './history-row.js';
import { openStateDatabase } from './open-state-database.js';
import { sqlNumber } from './sql-number.js';
import { withTransaction } from './with-transaction.js';

export interface HistoryRetention {
  /** Raw samples are kept this long (ms), then averaged into buckets. Default 24 h. */
  readonly rawMs: number;
  /** Bucket length for older data (ms). Default 10 min. */
  readonly bucketMs: number;
  /** Nothing older than this is kept (ms). Default 30 days. */
  readonly keepMs: number;
}

const DEFAULT_RETENTION: HistoryRetention = {
  rawMs: 86_400_000,
  bucketMs: 600_000,
  keepMs: 30 * 86_400_000,
};

const COLS = HISTORY_COLUMNS.map((c) => c.column);

const SCHEMA = `
CREATE TABLE IF NOT EXISTS history (
  ts INTEGER PRIMARY KEY,
  resolution_ms INTEGER NOT NULL,
  samples INTEGER NOT NULL,
  ${COLS.map((c) => `${c} REAL`).join(',\n  ')}
) STRICT;
`;

/** `1.5`, `12`, `0.3333`: enough digits for averages, no float noise in the CSV. */
function csvNumber(value: number | null): string {
  if (value === null) return '';
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
}

function write(out: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = out.write(text, (error) => {
      if (error != null) reject(error);
    });
    if (ok) resolve();
    else out.once('drain', resolve);
  });
}

/**
 * Metric history in the state database: one row per sample, raw for a day, then
 * 10-minute averages up to 30 days (bounded: ~1,440 + ~4,180 rows). Averages weigh
 * each column by the samples that knew it, so a gap does not drag a bucket to zero and
 * an all-gap bucket stays a gap. Every write is one transaction.
 */
export class HistoryStore {
  readonly retention: HistoryRetention;

  private constructor(
    private readonly db: DatabaseSync,
    private readonly ownsDb: boolean,
    retention: Partial<HistoryRetention>,
  ) {
    this.retention = { ...DEFAULT_RETENTION, ...retention };
    db.exec(SCHEMA);
  }

  /** Opens (creating) the file; default `$XDG_STATE_HOME/jobdeck/state.db`. */
  static open(
    path: string = defaultStateDbPath(),
    retention: Partial<HistoryRetention> = {},
  ): HistoryStore {
    return new HistoryStore(openStateDatabase(path), true, retention);
  }

  /** Uses a database opened elsewhere (shared with the alert state); `close` leaves it open. */
  static on(db: DatabaseSync, retention: Partial<HistoryRetention> = {}): HistoryStore {
    return new HistoryStore(db, false, retention);
  }

  record(row: HistoryRow): void {
    const values: SQLInputValue[] = [
      Math.round(row.at),
      Math.round(row.resolutionMs),
      row.samples,
      ...HISTORY_COLUMNS.map(({ key }) => {
        const v = row[key];
        return v !== null && Number.isFinite(v) ? v : null;
      }),
    ];
    withTransaction(this.db, () => {
      this.db
        .prepare(
          `INSERT OR REPLACE INTO history (ts, resolution_ms, samples, ${COLS.join(', ')})
           VALUES (${values.map(() => '?').join(', ')})`,
        )
        .run(...values);
    });
  }

  /** Time of the newest row, or null when there is none. */
  latestAt(): number | null {
    return sqlNumber(this.db.prepare('SELECT MAX(ts) AS ts FROM history').get()?.ts);
  }

  /** Rows at or after `sinceMs` (epoch ms), oldest first: what the sparklines start from. */
  loadRecent(sinceMs: number): HistoryRow[] {
    return this.db
      .prepare('SELECT * FROM history WHERE ts >= ? ORDER BY ts')
      .all(Math.floor(sinceMs))
      .map((r) => {
        const value = (column: string): number | null => sqlNumber(r[column]);
        const row: Record<string, number | null> = {};
        for (const { key, column } of HISTORY_COLUMNS) row[key] = value(column);
        return {
          ...(row as Omit<HistoryRow, 'at' | 'resolutionMs' | 'samples'>),
          at: value('ts') ?? 0,
          resolutionMs: value('resolution_ms') ?? 0,
          samples: value('samples') ?? 1,
        };
      });
  }

  /**
   * Averages raw rows older than `rawMs` into buckets and drops rows older than
   * `keepMs`. Only whole buckets are averaged (the cut is aligned to `bucketMs`), so a
   * bucket is built once; a bucket that already exists is merged with weights.
   */
  compact(now: number): {
    readonly averaged: number;
    readonly buckets: number;
    readonly dropped: number;
  } {
    const { rawMs, bucketMs, keepMs } = this.retention;
    const cutoff = Math.floor((now - rawMs) / bucketMs) * bucketMs;
    return withTransaction(this.db, () => {
      // Expired rows first, so they are not averaged only to be deleted.
      const dropped = this.db.prepare('DELETE FROM history WHERE ts < ?').run(now - keepMs);
      const averages = COLS.map(
        (c) =>
          `SUM(${c} * samples) / NULLIF(SUM(CASE WHEN ${c} IS NULL THEN 0 ELSE samples END), 0) AS ${c}`,
      );
      const buckets = this.db
        .prepare(
          `SELECT (ts / ${bucketMs}) * ${bucketMs} AS bucket, SUM(samples) AS n, COUNT(*) AS rows_in,
                  ${averages.join(', ')}
           FROM history WHERE ts < ? AND resolution_ms < ? GROUP BY bucket ORDER BY bucket`,
        )
        .all(cutoff, bucketMs);
      const deleted = this.db
        .prepare('DELETE FROM history WHERE ts < ? AND resolution_ms < ?')
        .run(cutoff, bucketMs);
      const merge = COLS.map(
        (c) =>
          `${c} = CASE WHEN excluded.${c} IS NULL THEN history.${c} WHEN history.${c} IS NULL THEN excluded.${c}
             ELSE (history.${c} * history.samples + excluded.${c} * excluded.samples) / (history.samples + excluded.samples) END`,
      );
      const insert = this.db.prepare(
        `INSERT INTO history (ts, resolution_ms, samples, ${COLS.join(', ')})
         VALUES (${['?', '?', '?', ...COLS.map(() => '?')].join(', ')})
         ON CONFLICT(ts) DO UPDATE SET ${merge.join(', ')}, samples = history.samples + excluded.samples`,
      );
      for (const b of buckets) {
        insert.run(
          sqlNumber(b.bucket) ?? 0,
          bucketMs,
          sqlNumber(b.n) ?? 1,
          ...COLS.map((c) => sqlNumber(b[c])),
        );
      }
      return {
        averaged: Number(deleted.changes),
        buckets: buckets.length,
        dropped: Number(dropped.changes),
      };
    });
  }

  /**
   * `jobdeck history --csv`: header + one line per row since `sinceMs`, ISO UTC
   * timestamps, empty cells for gaps. Leaves `out` open (it may be stdout). Returns the
   * number of data rows written.
   */
  async exportCsv(sinceMs: number, out: Writable): Promise<number> {
    const rows = this.loadRecent(sinceMs);
    await write(out, `timestamp,${COLS.join(',')}\n`);
    for (const row of rows) {
      const cells = HISTORY_COLUMNS.map(({ key }) => csvNumber(row[key]));
      await write(out, `${new Date(row.at).toISOString()},${cells.join(',')}\n`);
    }
    return rows.length;
  }

  close(): void {
    if (this.ownsDb && this.db.isOpen) this.db.close();
  }
}
