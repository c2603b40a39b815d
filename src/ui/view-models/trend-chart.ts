import { plot, type PlotConfig } from 'asciichart';
import { formatCompact } from './format-compact.js';

type Symbols = NonNullable<PlotConfig['symbols']>;
const ASCII_SYMBOLS: Symbols = ['+', '|', '-', '-', '-', "'", '.', '.', "'", '|'];
const UNICODE_SYMBOLS: Symbols = ['┼', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│'];

/**
 * The top of the axis: the maximum rounded up to 1, 2, 2.5 or 5 × 10ⁿ, so the labels
 * stay put while the data moves within the range.
 */
function niceMax(x: number): number {
  if (x <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(x));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= x - 1e-9) ?? 10;
  return step * magnitude;
}

/** Axis labels with enough decimals that small ranges (0.12 jobs/min) do not repeat. */
function axisLabel(x: number, max: number): string {
  if (max < 1) return x.toFixed(2);
  if (max < 10) return x.toFixed(1);
  return formatCompact(x);
}

/**
 * An asciichart line chart of `values` in exactly `height` lines (fewer only when every
 * value is missing: then none), one cell per value after the axis.
 *
 * asciichart has no gaps: `null` plots as 0 and NaN throws. So gaps are filled with the
 * previous value (which keeps them out of the axis range), and after plotting every
 * cell that touches a gap is blanked; a sample with gaps on both sides is drawn as a
 * dash. asciichart draws the step from value x to x+1 in cell x, so the last cell only
 * ever holds such a lone sample.
 */
export function trendChart(
  values: readonly (number | null)[],
  options: { height: number; ascii: boolean },
): string[] {
  const isGap = (i: number): boolean => {
    const v = values[i];
    return v === null || v === undefined || !Number.isFinite(v);
  };
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0 || options.height < 2) return [];
  let carry = known[0] ?? 0;
  const filled = values.map((v, i) => {
    if (!isGap(i) && v !== null) carry = v;
    return carry;
  });
  // Counts and rates start at 0: a flat queue of 3 should not fill the chart.
  const min = Math.min(0, ...known);
  const max = niceMax(Math.max(...known) - min) + min;
  const labelWidth = Math.max(3, axisLabel(max, max).length, axisLabel(min, max).length);
  const symbols = options.ascii ? ASCII_SYMBOLS : UNICODE_SYMBOLS;
  const chartHeight = options.height - 1;
  const text = plot(filled, {
    min,
    max,
    height: chartHeight,
    offset: 3,
    symbols,
    format: (x: number) => axisLabel(x, max).padStart(labelWidth),
  });
  const prefix = labelWidth + 2;
  // The same arithmetic asciichart uses, to find the line of a value.
  const ratio = chartHeight / (max - min);
  const min2 = Math.round(min * ratio);
  const rows = Math.abs(Math.round(max * ratio) - min2);
  const rowOf = (v: number): number => rows - (Math.round(v * ratio) - min2);
  const lines = text.split('\n').map((line, rowIndex) => {
    // asciichart's glyphs are single UTF-16 units: one array slot per cell.
    const cells = line.slice(prefix).padEnd(values.length).split('').slice(0, values.length);
    for (let x = 0; x < values.length; x++) {
      if (isGap(x) || (x + 1 < values.length && isGap(x + 1))) cells[x] = ' ';
      const alone =
        !isGap(x) && (x === 0 || isGap(x - 1)) && (x + 1 >= values.length || isGap(x + 1));
      if (alone && rowOf(values[x] ?? 0) === rowIndex) cells[x] = symbols[4];
    }
    // The axis: asciichart marks its first value (and a row it takes for zero) with a
    // cross; only a real first value keeps it.
    const first = isGap(0) ? -1 : rowOf(values[0] ?? 0);
    const axis = line.slice(0, prefix - 1) + (rowIndex === first ? symbols[0] : symbols[1]);
    return (axis + cells.join('')).trimEnd();
  });
  while (lines.length < options.height) lines.unshift('');
  return lines.slice(-options.height);
}
