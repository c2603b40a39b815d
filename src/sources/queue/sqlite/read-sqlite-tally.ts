import type { SqliteMapping } from '../../../config/sqlite-mapping.js';
import { allRows, oneRow, type Params, type Row, type SqliteHandle } from './sqlite-handle.js';
import type { Fingerprint, SqliteTally } from './sqlite-tally.js';
import { parseTaskRow, type TaskRow } from './task-row.js';

/** How far before the last read "recently finished" looks (commit lag, second truncation). */
const FINISHED_MARGIN_MS = 10_000;

/** The full recount: every count, the live rows, the window. Returns the statements run. */
export function readFull(
  h: SqliteHandle,
  tally: SqliteTally,
  st: SqliteMapping['statuses'],
  sinceMs: number,
): number {
  const counts = allRows(h, h.sql.counts).map((row) => ({
    status: String(row.status_),
    type: row.type_ === null || row.type_ === undefined ? null : String(row.type_),
    count: Number(row.n),
  }));
  const liveRows = allRows(h, h.sql.liveRows, {
    live: JSON.stringify([...st.waiting, ...st.active]),
  }).map(parseTaskRow);
  const windowRows = allRows(h, h.sql.windowRows, {
    terminal: JSON.stringify([...st.success, ...st.failure, ...st.deadLetter]),
    since: sqliteDatetime(sinceMs),
  }).map(parseTaskRow);
  const maxRowid = Number(oneRow(h, h.sql.maxRowid).m ?? 0);
  tally.reset(counts, liveRows, windowRows, maxRowid);
  return 4;
}

/**
 * Follows what changed since the last read (see SqliteTally for why this is exact).
 * Returns the statements run and a recount reason when the change cannot be followed.
 */
export function readIncremental(
  h: SqliteHandle,
  tally: SqliteTally,
  st: SqliteMapping['statuses'],
  lastReadAtMs: number,
): { statements: number; recount: string | null } {
  const waiting = JSON.stringify(st.waiting);
  let statements = 0;
  const all = (text: string, params?: Params): Row[] => {
    statements += 1;
    return allRows(h, text, params);
  };
  const rowsByRowid = (ids: readonly number[]): TaskRow[] =>
    ids.length === 0 ? [] : all(h.sql.rowsByRowid, { ids: JSON.stringify(ids) }).map(parseTaskRow);

  const activeNow = new Map<number, string>();
  for (const row of all(h.sql.activeIds, { active: JSON.stringify(st.active) })) {
    activeNow.set(Number(row.rowid_), String(row.status_));
  }
  const flight = tally.inFlightToReread(activeNow);
  if ('recount' in flight) return { statements, recount: flight.recount };
  const newRows = all(h.sql.newRows, { after: tally.maxRowid }).map(parseTaskRow);
  tally.applyChanges(rowsByRowid(flight.ids), flight.ids, newRows);

  if (h.windowIndex !== null) {
    // Cheap with the window index (a range scan); without it this would scan the table.
    // The margin covers a writer that stamped finished_at before our last snapshot
    // but committed after it.
    const finished = all(h.sql.windowRows, {
      terminal: JSON.stringify([...st.success, ...st.failure, ...st.deadLetter]),
      since: sqliteDatetime(lastReadAtMs - FINISHED_MARGIN_MS),
    }).map(parseTaskRow);
    tally.applyFinished(finished);
  }

  const prints = new Map<string, Fingerprint>();
  for (const row of all(h.sql.waitingPrints, { waiting })) {
    prints.set(String(row.status_), { n: Number(row.n), sum: Number(row.s) });
  }
  if (tally.waitingChanged(prints)) {
    // Waiting tasks changed in a way not seen in flight (cancelled, deleted, relabelled):
    // list them and compare.
    const waitingNow = new Map<number, string>();
    for (const row of all(h.sql.waitingIds, { waiting })) {
      const status = String(row.status_);
      const ids = typeof row.ids === 'string' ? row.ids : '';
      for (const id of ids === '' ? [] : ids.split(',')) waitingNow.set(Number(id), status);
    }
    const plan = tally.waitingToReread(waitingNow);
    if ('recount' in plan) return { statements, recount: plan.recount };
    tally.applyChanges(rowsByRowid(plan.ids), plan.ids, []);
  }
  const total = Number(oneRow(h, h.sql.total).n);
  statements += 1;
  return { statements, recount: tally.totalMismatch(total) };
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, whole seconds rounded down (the window filter re-checks exactly). */
function sqliteDatetime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}
