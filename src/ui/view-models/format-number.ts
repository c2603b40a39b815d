/** One formatter per digit count: `toLocaleString` with options builds a new one per call. */
const formatters = new Map<number, Intl.NumberFormat>();

/** `1234567` → `1,234,567`; null → `n/a`. */
export function formatNumber(n: number | null, digits = 0): string {
  if (n === null || !Number.isFinite(n)) return 'n/a';
  let format = formatters.get(digits);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(digits, format);
  }
  return format.format(n);
}
