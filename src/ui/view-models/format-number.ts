/** `1234567` → `1,234,567`; null → `n/a`. */
export function formatNumber(n: number | null, digits = 0): string {
  if (n === null || !Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}
