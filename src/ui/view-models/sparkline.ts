const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII = ['_', '.', ',', '-', '~', '=', '+', '#'];

/**
 * One character per value, scaled from 0 (or the minimum, if negative) to the maximum.
 * A gap (null) is a blank, so a missing sample never reads as 0 (`▁`).
 */
export function sparkline(values: readonly (number | null)[], ascii = false): string {
  const ramp = ascii ? ASCII : BLOCKS;
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0) return ' '.repeat(values.length);
  const lo = Math.min(0, ...known);
  const hi = Math.max(...known);
  const top = ramp.length - 1;
  return values
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return ' ';
      const level = hi === lo ? 0 : Math.round(((v - lo) / (hi - lo)) * top);
      return ramp[Math.min(top, Math.max(0, level))] ?? ' ';
    })
    .join('');
}
