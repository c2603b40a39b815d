import { describe, expect, it } from 'vitest';
import { formatAge } from '../../src/shared/format-age.js';
import { parseDuration } from '../../src/config/duration.js';

describe('formatAge', () => {
  it.each([
    [0, '0s'],
    [59.4, '59s'],
    [60, '1m'],
    [95, '1m35s'],
    [3600, '1h'],
    [7260, '2h1m'],
    [86400, '1d'],
    [90000, '1d1h'],
    [Number.NaN, '?'],
  ])('%s s → %s', (input, expected) => {
    expect(formatAge(input)).toBe(expected);
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['7d', 604_800_000],
    ['90', 90_000],
    [600, 600_000],
    ['soon', null],
    ['-5s', null],
    ['', null],
  ])('%s → %s', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });
});
