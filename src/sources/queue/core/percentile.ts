/**
 * The p-th percentile with linear interpolation between the closest ranks, the same
 * definition as PostgreSQL's `percentile_cont`, so our numbers match a SQL recount.
 * `sorted` must be ascending. Null for an empty list.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const position = p * (n - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower];
  const b = sorted[upper];
  if (a === undefined || b === undefined) return null;
  return a + (b - a) * (position - lower);
}
