/**
 * `1234567` → `1,234,567`; null → `n/a`. Writes what `Intl.NumberFormat('en-US')` with
 * `digits` fraction digits writes (it rounds the shortest decimal form of the number, half
 * away from zero: 0.15 → 0.2, where `toFixed` gives 0.1), without it: its first use
 * loads ICU's number-formatting data, about 8 MB of the process's memory (issue 14).
 */
export function formatNumber(n: number | null, digits = 0): string {
  if (n === null || !Number.isFinite(n)) return 'n/a';
  const [whole, fraction] = roundShortest(Math.abs(n), digits);
  let grouped = '';
  for (let end = whole.length; end > 0; end -= 3) {
    grouped = whole.slice(Math.max(0, end - 3), end) + (grouped === '' ? '' : `,${grouped}`);
  }
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  return sign + grouped + (digits > 0 ? `.${fraction}` : '');
}

/** A non-negative finite number's shortest decimal form rounded to `digits` places. */
function roundShortest(abs: number, digits: number): [whole: string, fraction: string] {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(abs));
  if (match === null) return [String(abs), '0'.repeat(digits)];
  const significand = `${match[1] ?? ''}${match[2] ?? ''}`;
  // Where the decimal point falls in `significand`.
  const point = (match[1] ?? '').length + Number(match[3] ?? '0');
  // All digits up to `digits` places, padded with zeros on either side.
  const padded =
    '0'.repeat(Math.max(0, -point)) +
    significand +
    '0'.repeat(Math.max(0, point - significand.length) + digits + 1);
  const at = Math.max(0, point) + digits;
  let kept = BigInt(padded.slice(0, at) || '0');
  if ((padded[at] ?? '0') >= '5') kept += 1n;
  const text = kept.toString().padStart(digits + 1, '0');
  return [text.slice(0, text.length - digits), text.slice(text.length - digits)];
}
