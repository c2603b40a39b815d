/** Short numbers for chart axes and sparkline values: `0.5`, `12`, `340`, `1.2k`, `3.4M`. */
export function formatCompact(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a >= 1e6) return `${(x / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${Math.round(x / 1e3)}k`;
  if (a >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  if (a >= 10 || Number.isInteger(x)) return String(Math.round(x));
  return x.toFixed(1);
}
