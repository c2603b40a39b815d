import type { Series } from '../../store/series.js';

/** Round steps a column can stand for; a round step keeps the chart still between shifts. */
const STEPS_MS = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600].map((s) => s * 1000);

/**
 * How long one chart column stands for: the history span over the columns available, at
 * least five refreshes, rounded up to a round step. Columns shift once per step, not once
 * per refresh, so a steady screen writes only the changing last column (issue 4: ≤ 1 KB
 * per refresh at 120×40).
 */
export function chooseBucketMs(intervalMs: number, spanMs: number, columns: number): number {
  const wanted = Math.max(intervalMs * 5, spanMs / Math.max(1, columns));
  return STEPS_MS.find((step) => step >= wanted) ?? STEPS_MS[STEPS_MS.length - 1] ?? wanted;
}

/**
 * The series as `count` columns of `bucketMs`, aligned to absolute time and ending at the
 * bucket of the latest sample — or, with `completeOnly`, at the last bucket that is over
 * (the one still filling changes on every refresh; leaving it out keeps the chart still
 * until a step completes). A column is the mean of its samples; a column with no sample,
 * or only missing ones, is a gap (null) — never 0 (STYLE.md habit 6).
 */
export function bucketSeries(
  series: Series,
  bucketMs: number,
  count: number,
  completeOnly = false,
): (number | null)[] {
  const out: (number | null)[] = new Array<number | null>(count).fill(null);
  const lastAt = series.times[series.times.length - 1];
  if (lastAt === undefined || count <= 0) return out;
  const lastBucket = Math.floor(lastAt / bucketMs) - (completeOnly ? 1 : 0);
  const sums = new Array<number>(count).fill(0);
  const counts = new Array<number>(count).fill(0);
  series.values.forEach((value, i) => {
    const at = series.times[i];
    if (value === null || at === undefined || !Number.isFinite(value)) return;
    const column = count - 1 - (lastBucket - Math.floor(at / bucketMs));
    if (column < 0 || column >= count) return;
    sums[column] = (sums[column] ?? 0) + value;
    counts[column] = (counts[column] ?? 0) + 1;
  });
  for (let i = 0; i < count; i++) {
    const n = counts[i] ?? 0;
    if (n > 0) out[i] = (sums[i] ?? 0) / n;
  }
  return out;
}
