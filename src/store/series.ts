/**
 * A bounded time series (STYLE.md habit 6): a missing sample is `null` — a gap, never a
 * zero — and the oldest samples fall off once `capacity` is reached.
 */
export interface Series {
  readonly name: string;
  /** Unit of the values: `jobs`, `jobs/min`, `%`, `% of one core`, `MiB`. */
  readonly unit: string;
  readonly values: readonly (number | null)[];
  /** Sample times (epoch ms), parallel to `values`. */
  readonly times: readonly number[];
}

export function emptySeries(name: string, unit: string): Series {
  return { name, unit, values: [], times: [] };
}

/** A new series with one more sample; non-finite numbers become gaps. */
export function appendSample(
  series: Series,
  at: number,
  value: number | null,
  capacity: number,
): Series {
  const clean = value !== null && Number.isFinite(value) ? value : null;
  const drop = Math.max(0, series.values.length + 1 - capacity);
  return {
    ...series,
    values: [...series.values.slice(drop), clean],
    times: [...series.times.slice(drop), at],
  };
}
