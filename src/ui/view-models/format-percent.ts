/**
 * A share (0..1) as a percentage: `0.07` → `7%`, `0.004` → `0.4%` (small non-zero
 * shares keep a decimal so they do not read as 0); null → `n/a`.
 */
export function formatPercent(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return 'n/a';
  const pct = share * 100;
  return `${pct.toFixed(pct > 0 && pct < 10 ? 1 : 0)}%`;
}
