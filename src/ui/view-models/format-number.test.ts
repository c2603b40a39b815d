import { describe, expect, it } from 'vitest';
import { formatNumber } from './format-number.js';

describe('formatNumber', () => {
  it('groups thousands and keeps the digits asked for', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(1000)).toBe('1,000');
    expect(formatNumber(12.5, 1)).toBe('12.5');
    expect(formatNumber(-1234.5, 2)).toBe('-1,234.50');
    expect(formatNumber(null)).toBe('n/a');
    expect(formatNumber(Number.NaN)).toBe('n/a');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('n/a');
  });

  it('writes what Intl.NumberFormat en-US writes, ties and negative zero included', () => {
    const values = [
      0, -0, 0.5, 1.5, 2.5, -0.5, -2.5, 0.05, 0.15, 1.005, 999.95, 123456.785, 1e15, 1e-7, 5e-7,
      1e21, 1.5e22,
    ];
    // A fixed pseudo-random sequence: the same values on every run.
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 48271) % 2147483647;
      const magnitude = 10 ** ((seed % 13) - 3);
      values.push(((seed / 2147483647) * 2 - 1) * magnitude);
    }
    for (const digits of [0, 1, 2, 3]) {
      const intl = new Intl.NumberFormat('en-US', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
      for (const n of values)
        expect(formatNumber(n, digits), `${String(n)}/${String(digits)}`).toBe(intl.format(n));
    }
  });
});
