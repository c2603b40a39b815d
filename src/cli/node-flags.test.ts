import { describe, expect, it } from 'vitest';
import {
  commandOf,
  INTERPRETER_FLAGS,
  LEAN_FLAGS,
  NO_OPTIMISER_FLAGS,
  nodeFlagsFor,
} from './node-flags.js';

describe('commandOf', () => {
  it('finds the command after global options and their values', () => {
    expect(commandOf(['monitor', '--interval', '60s'])).toBe('monitor');
    expect(commandOf(['--config', 'monitor', 'status'])).toBe('status');
    expect(commandOf(['-t', 'status', '--read-only', 'monitor'])).toBe('monitor');
    expect(commandOf(['-i', '2s', 'watch', '--once'])).toBe('watch');
  });

  it('is the default dashboard without a command', () => {
    expect(commandOf([])).toBe('dash');
    expect(commandOf(['--read-only', '--target', 'prod'])).toBe('dash');
  });
});

describe('nodeFlagsFor', () => {
  it('runs the commands that wait on the interpreter alone', () => {
    expect(nodeFlagsFor(['monitor'])).toEqual([...LEAN_FLAGS, ...INTERPRETER_FLAGS]);
    expect(nodeFlagsFor(['status', '--json'])).toEqual([...LEAN_FLAGS, ...INTERPRETER_FLAGS]);
    expect(INTERPRETER_FLAGS).toContain('--no-sparkplug');
  });

  it('keeps the baseline compiler for the screens and every compiler for serve', () => {
    expect(nodeFlagsFor([])).toEqual([...LEAN_FLAGS, ...NO_OPTIMISER_FLAGS]);
    expect(nodeFlagsFor(['--target', 'monitor'])).toEqual([...LEAN_FLAGS, ...NO_OPTIMISER_FLAGS]);
    expect(nodeFlagsFor(['watch'])).toEqual([...LEAN_FLAGS, ...NO_OPTIMISER_FLAGS]);
    expect(nodeFlagsFor(['serve'])).toEqual(LEAN_FLAGS);
  });
});
