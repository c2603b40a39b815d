/**
 * rq writes every timestamp with `utcformat` = `%Y-%m-%dT%H:%M:%S.%fZ` (UTC, microseconds,
 * literal Z) from 1.13 through 2.x, and `''` for unset fields (queues.md §1.4). Returns
 * epoch milliseconds (the microseconds kept as a fraction), or null for an empty or
 * malformed value; a bad timestamp in one job must not fail the whole refresh.
 */
const UTC_FORMAT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:Z|\+00:00)?$/;

export function parseRqTimestamp(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text === '') return null;
  const m = UTC_FORMAT.exec(text);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac] = m;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  // Pad to six digits: `.5` is 500000 µs, as Python's %f parser reads it.
  const micros = frac === undefined ? 0 : Number(frac.padEnd(6, '0'));
  const ms = base + micros / 1000;
  return Number.isFinite(ms) ? ms : null;
}
