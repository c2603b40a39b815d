import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceQueryError } from '../../src/shared/errors.js';
import { extractArgv } from '../../src/sources/services/systemd/extract-argv.js';
import { isConfiguredUnit } from '../../src/sources/services/systemd/is-configured-unit.js';
import { parseListUnits } from '../../src/sources/services/systemd/parse-list-units.js';
import { parseShowBlocks } from '../../src/sources/services/systemd/parse-show-blocks.js';
import { parseSystemdTimestamp } from '../../src/sources/services/systemd/parse-systemd-timestamp.js';
import { parseSystemdUnits } from '../../src/sources/services/systemd/parse-systemd-units.js';
import { selectUnits } from '../../src/sources/services/systemd/select-units.js';
import { unitGlobToRegExp } from '../../src/sources/services/systemd/unit-glob-to-regexp.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/systemd');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

describe('parseShowBlocks', () => {
  it('splits units at blank lines and keys at the first =', () => {
    const blocks = parseShowBlocks(
      'Id=a.service\nExecStart={ argv[]=x --k=v }\n\n\nId=b.service\n',
    );
    expect(blocks).toEqual([
      { Id: 'a.service', ExecStart: '{ argv[]=x --k=v }' },
      { Id: 'b.service' },
    ]);
  });

  it('reads the five units of a recorded show', () => {
    const blocks = parseShowBlocks(fixture('show-1.txt'));
    expect(blocks.map((b) => b.Id)).toEqual([
      'frappe-bench-frappe-default-worker@1.service',
      'frappe-bench-frappe-long-worker@1.service',
      'frappe-bench-frappe-short-worker@1.service',
      'frappe-bench-frappe-schedule.service',
      'frappe-bench-frappe-web.service',
    ]);
  });
});

describe('parseSystemdTimestamp', () => {
  it('reads systemctl timestamps as epoch ms', () => {
    expect(parseSystemdTimestamp('Sun 2026-12-06 10:11:12 UTC')).toBe(
      Date.UTC(2026, 11, 6, 10, 11, 12),
    );
    expect(parseSystemdTimestamp('2026-12-06 11:11:12.250000 +0100')).toBe(
      Date.UTC(2026, 11, 6, 10, 11, 12, 250),
    );
  });

  it('is null when unset or in a zone without an offset, undefined when not a timestamp', () => {
    expect(parseSystemdTimestamp('')).toBeNull();
    expect(parseSystemdTimestamp('n/a')).toBeNull();
    expect(parseSystemdTimestamp('Sun 2026-12-06 11:11:12 CET')).toBeNull();
    expect(parseSystemdTimestamp('yesterday')).toBeUndefined();
  });
});

describe('parseSystemdUnits', () => {
  it('turns unset values into null and numbers into numbers', () => {
    const [running, failed] = parseSystemdUnits(fixture('show-1.txt'));
    expect(running).toMatchObject({
      Id: 'frappe-bench-frappe-default-worker@1.service',
      MainPID: 812,
      MemoryCurrent: 98_304_000,
      CPUUsageNSec: 4_210_345_000,
      TasksCurrent: 2,
      ExecMainStartTimestamp: Date.UTC(2026, 11, 6, 10, 11, 12),
      InactiveEnterTimestamp: null,
      Result: 'success',
    });
    // `[not set]` and (uint64_t) -1 both mean "not accounted".
    expect(failed).toMatchObject({
      ActiveState: 'failed',
      MemoryCurrent: null,
      TasksCurrent: null,
      ControlGroup: null,
      ExecMainStatus: 1,
    });
  });

  it('tolerates unknown keys and missing optional ones', () => {
    const [unit] = parseSystemdUnits(
      'Id=x.service\nLoadState=loaded\nActiveState=active\nSubState=running\nFreezerState=running\n',
    );
    expect(unit).toMatchObject({ Id: 'x.service', MainPID: null, NRestarts: null });
    expect(unit).not.toHaveProperty('FreezerState');
  });

  it('rejects output it cannot trust, naming the unit and the property', () => {
    const bad =
      'Id=x.service\nLoadState=loaded\nActiveState=active\nSubState=running\nMainPID=abc\n';
    expect(() => parseSystemdUnits(bad)).toThrow(SourceQueryError);
    expect(() => parseSystemdUnits(bad)).toThrow(
      /x\.service: MainPID: expected a number, got "abc"/,
    );
    expect(() => parseSystemdUnits('Id=y.service\nActiveState=active\n')).toThrow(/LoadState/);
  });
});

describe('parseListUnits', () => {
  it('reads the unit column of the recorded listing', () => {
    expect(parseListUnits(fixture('list-units.txt'))).toEqual([
      'frappe-bench-frappe-default-worker@1.service',
      'frappe-bench-frappe-long-worker@1.service',
      'frappe-bench-frappe-short-worker@1.service',
      'frappe-bench-workers.target',
    ]);
  });

  it('skips the marker of a failed unit without --plain', () => {
    expect(
      parseListUnits('● a.service loaded failed failed A\n  b.service loaded active running B\n'),
    ).toEqual(['a.service', 'b.service']);
  });
});

describe('extractArgv', () => {
  it('takes the argv[] of an ExecStart', () => {
    const [unit] = parseSystemdUnits(fixture('show-1.txt'));
    expect(extractArgv(unit?.ExecStart ?? null)).toBe(
      '/usr/local/bin/bench worker --queue default',
    );
  });

  it('keeps other shapes and drops empty ones', () => {
    expect(extractArgv('/usr/bin/app --flag')).toBe('/usr/bin/app --flag');
    expect(extractArgv('')).toBeNull();
    expect(extractArgv(null)).toBeNull();
  });
});

describe('unit globs', () => {
  it('match like fnmatch', () => {
    const worker = unitGlobToRegExp('frappe-bench-frappe-*-worker@[0-9].service');
    expect(worker.test('frappe-bench-frappe-short-worker@1.service')).toBe(true);
    expect(worker.test('frappe-bench-frappe-short-worker@x.service')).toBe(false);
    expect(unitGlobToRegExp('a?.service').test('ab.service')).toBe(true);
    expect(unitGlobToRegExp('a?.service').test('axservice')).toBe(false);
    expect(unitGlobToRegExp('w@[!1].service').test('w@1.service')).toBe(false);
    expect(unitGlobToRegExp('w@[!1].service').test('w@2.service')).toBe(true);
    expect(unitGlobToRegExp('odd[.service').test('odd[.service')).toBe(true);
  });

  it('select listed services, exact names always, each once, in configuration order', () => {
    const listed = parseListUnits(fixture('list-units.txt'));
    expect(
      selectUnits(
        [
          'frappe-bench-frappe-web',
          'frappe-bench-*worker*',
          'frappe-bench-frappe-short-worker@1.service',
        ],
        listed,
      ),
    ).toEqual([
      'frappe-bench-frappe-web.service',
      'frappe-bench-frappe-default-worker@1.service',
      'frappe-bench-frappe-long-worker@1.service',
      'frappe-bench-frappe-short-worker@1.service',
    ]);
  });

  it('say which units may be restarted', () => {
    const patterns = ['frappe-bench-*worker*', 'frappe-bench-frappe-web'];
    expect(isConfiguredUnit(patterns, 'frappe-bench-frappe-long-worker@1.service')).toBe(true);
    expect(isConfiguredUnit(patterns, 'frappe-bench-frappe-web.service')).toBe(true);
    expect(isConfiguredUnit(patterns, 'frappe-bench-workers.target')).toBe(false);
    expect(isConfiguredUnit(patterns, 'sshd.service')).toBe(false);
  });
});
