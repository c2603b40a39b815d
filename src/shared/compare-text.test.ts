import { describe, expect, it } from 'vitest';
import { compareText } from './compare-text.js';

describe('compareText', () => {
  it('orders like the default sort, by code unit', () => {
    const names = ['worker-10', 'Worker-2', 'worker-1', 'api', '', 'worker-1'];
    expect([...names].sort(compareText)).toEqual([...names].sort());
    expect([...names].sort(compareText)).toEqual([
      '',
      'Worker-2',
      'api',
      'worker-1',
      'worker-1',
      'worker-10',
    ]);
  });

  it('is 0 only for equal strings and antisymmetric', () => {
    expect(compareText('a', 'a')).toBe(0);
    expect(compareText('a', 'b')).toBe(-1);
    expect(compareText('b', 'a')).toBe(1);
  });
});
