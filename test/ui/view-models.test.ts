import { describe, expect, it } from 'vitest';
import { bucketSeries, chooseBucketMs } from '../../src/ui/view-models/bucket-series.js';
import { computeLayout } from '../../src/ui/view-models/compute-layout.js';
import { containerLevel } from '../../src/ui/view-models/container-level.js';
import { filterRows } from '../../src/ui/view-models/filter-rows.js';
import { fitColumns } from '../../src/ui/view-models/fit-columns.js';
import { formatCompact } from '../../src/ui/view-models/format-compact.js';
import { formatLatency } from '../../src/ui/view-models/format-latency.js';
import { formatMiB } from '../../src/ui/view-models/format-mib.js';
import { formatPercent } from '../../src/ui/view-models/format-percent.js';
import { formatSeconds } from '../../src/ui/view-models/format-seconds.js';
import { formatUptime } from '../../src/ui/view-models/format-uptime.js';
import { keyName, type KeyLike } from '../../src/ui/view-models/key-name.js';
import { logLevel } from '../../src/ui/view-models/log-level.js';
import { moveSelection } from '../../src/ui/view-models/move-selection.js';
import { pageStart } from '../../src/ui/view-models/page-start.js';
import { resolveSelection } from '../../src/ui/view-models/resolve-selection.js';
import { serviceRows } from '../../src/ui/view-models/service-rows.js';
import { sparkline } from '../../src/ui/view-models/sparkline.js';
import { terminalStyle } from '../../src/ui/view-models/terminal-style.js';
import { trendChart } from '../../src/ui/view-models/trend-chart.js';
import { container, dockerSnapshot, NOW, series } from './helpers/build-snapshot.js';

describe('formatting', () => {
  it.each([
    [null, 'n/a'],
    [0, '0%'],
    [0.004, '0.4%'],
    [4 / 56, '7.1%'],
    [0.3, '30%'],
    [1, '100%'],
  ])('formatPercent(%s) → %s', (share, text) => {
    expect(formatPercent(share)).toBe(text);
  });

  it.each([
    [null, 'n/a'],
    [2, '2.0s'],
    [9.96, '10.0s'],
    [14, '14s'],
    [123, '2m3s'],
  ])('formatSeconds(%s) → %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });

  it('uptime drops seconds after a minute, so it does not tick on every refresh', () => {
    expect(formatUptime(45)).toBe('45s');
    expect(formatUptime(3 * 3600 + 12 * 60 + 59)).toBe('3h12m');
    expect(formatUptime(61)).toBe('1m');
    expect(formatUptime(null)).toBe('');
  });

  it.each([
    [null, ''],
    [312.4, '312M'],
    [1536, '1.5G'],
  ])('formatMiB(%s) → %s', (mib, text) => {
    expect(formatMiB(mib)).toBe(text);
  });

  it.each([
    [0.12, '0.1'],
    [4, '4'],
    [12.6, '13'],
    [1234, '1.2k'],
    [56_000, '56k'],
    [null, '–'],
  ])('formatCompact(%s) → %s', (x, text) => {
    expect(formatCompact(x)).toBe(text);
  });
});

describe('formatLatency', () => {
  it.each([
    [null, ''],
    [3.2, '<10 ms'],
    [12.4, '12 ms'],
    [456, '460 ms'],
    [1234, '1.2 s'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatLatency(ms)).toBe(text);
  });
});

describe('levels', () => {
  it('a running container is ok unless its healthcheck says otherwise', () => {
    expect(containerLevel(container())).toBe('ok');
    expect(containerLevel(container({ health: 'unhealthy' }))).toBe('fail');
    expect(containerLevel(container({ health: 'starting' }))).toBe('warn');
  });

  it('a stopped worker fails; a one-shot that exited 0 did its job', () => {
    expect(containerLevel(container({ state: 'exited', exitCode: 137 }))).toBe('fail');
    expect(containerLevel(container({ state: 'restarting' }))).toBe('warn');
    expect(containerLevel(container({ state: 'exited', exitCode: 0, role: 'one-shot' }))).toBe(
      'none',
    );
    expect(containerLevel(container({ state: 'exited', exitCode: 1, role: 'one-shot' }))).toBe(
      'fail',
    );
  });

  it('log lines are coloured by their JSON level', () => {
    expect(logLevel('ERROR')).toBe('fail');
    expect(logLevel('critical')).toBe('fail');
    expect(logLevel('WARNING')).toBe('warn');
    expect(logLevel('INFO')).toBe('none');
    expect(logLevel(null)).toBe('none');
  });
});

describe('computeLayout', () => {
  it('below 80×24 says so in one line', () => {
    const layout = computeLayout(60, 30);
    expect(layout.kind).toBe('too-small');
    if (layout.kind === 'too-small') expect(layout.message).toContain('need 80×24');
    expect(computeLayout(100, 23).kind).toBe('too-small');
  });

  it.each([
    [80, 24, 'compact'],
    [100, 30, 'compact'],
    [120, 40, 'standard'],
    [200, 60, 'wide'],
  ] as const)(
    '%i×%i is %s, fills the width and stays shorter than the terminal',
    (columns, rows, tier) => {
      const layout = computeLayout(columns, rows);
      expect(layout.kind).toBe('dashboard');
      if (layout.kind !== 'dashboard') return;
      expect(layout.tier).toBe(tier);
      expect(layout.height).toBe(rows - 1);
      const body = layout.body.reduce((sum, row) => sum + row.height, 0);
      expect(body + layout.footerHeight).toBe(layout.height);
      for (const row of layout.body) {
        expect(row.slots.reduce((sum, s) => sum + s.width, 0)).toBe(columns);
        for (const slot of row.slots) expect(slot.height).toBe(row.height);
      }
      const panels = layout.body.flatMap((row) => row.slots.flatMap((s) => s.panels));
      expect([...panels].sort()).toEqual([
        'alerts',
        'queue',
        'readiness',
        'services',
        'trends',
        'workers',
      ]);
    },
  );

  it('at 80 columns Workers, Services and Alerts share one slot as tabs', () => {
    const layout = computeLayout(80, 24);
    if (layout.kind !== 'dashboard') throw new Error('expected a dashboard');
    expect(layout.body.flatMap((row) => row.slots.map((s) => s.panels))).toContainEqual([
      'workers',
      'services',
      'alerts',
    ]);
  });

  it('gives the workers more lines on a taller terminal', () => {
    const rowsOf = (columns: number, rows: number): number => {
      const layout = computeLayout(columns, rows);
      if (layout.kind !== 'dashboard') return 0;
      return (
        layout.body.find((r) => r.slots.some((s) => s.panels.includes('workers')))?.height ?? 0
      );
    };
    expect(rowsOf(120, 40)).toBeGreaterThan(rowsOf(80, 24));
    expect(rowsOf(200, 60)).toBeGreaterThan(rowsOf(120, 40));
  });
});

describe('sparklines and charts with gaps', () => {
  it('a missing sample is a blank, never the lowest bar', () => {
    expect(sparkline([0, 4, null, 8])).toBe('▁▅ █');
    expect(sparkline([0, null, 0])).toBe('▁ ▁');
    expect(sparkline([null, null])).toBe('  ');
    expect(sparkline([0, null, 7], true)).toBe('_ #');
  });

  it('buckets a series into fixed time columns; an empty bucket is a gap', () => {
    const s = series([1, 3, null, null, 5, 7], 2000);
    expect(bucketSeries(s, 2000, 6)).toEqual([1, 3, null, null, 5, 7]);
    // Wider columns average what they hold; before the history began is a gap too.
    expect(bucketSeries(s, 4000, 6)).toEqual([null, null, 1, 3, 5, 7]);
    expect(bucketSeries(series([]), 2000, 3)).toEqual([null, null, null]);
  });

  it('steps are round and at least five refreshes long', () => {
    expect(chooseBucketMs(2000, 600_000, 60)).toBe(10_000);
    expect(chooseBucketMs(2000, 600_000, 1000)).toBe(10_000);
    expect(chooseBucketMs(2000, 600_000, 14)).toBe(60_000);
  });

  it('trendChart leaves the columns around a gap blank instead of dropping to 0', () => {
    const lines = trendChart([4, 4, null, null, 4, 4], { height: 5, ascii: false });
    expect(lines).toHaveLength(5);
    const bottom = lines.at(-1) ?? '';
    // The zero line has only its axis: nothing was plotted at 0.
    expect(bottom.replace(/^\s*[\d.]+ [┤┼]/, '')).toBe('');
    const top = lines.find((l) => l.includes('─')) ?? '';
    const cells = top.replace(/^\s*[\d.]+ [┤┼]/, '');
    expect(cells).toBe('─   ─');
  });

  it('trendChart draws a lone sample between gaps as a dash and keeps exact height', () => {
    const lines = trendChart([null, null, 2, null], { height: 4, ascii: true });
    expect(lines).toHaveLength(4);
    expect(lines.join('\n')).toContain('-');
    expect(trendChart([null, null], { height: 4, ascii: false })).toEqual([]);
  });
});

describe('tables', () => {
  const col = (key: string, min: number, priority: number, grow = 0) => ({
    key,
    header: key,
    min,
    priority,
    grow,
    align: 'left' as const,
  });

  it('fitColumns drops the lowest priority first and shares the rest by grow', () => {
    const columns = [
      col('name', 10, 10, 1),
      col('cpu', 5, 8),
      col('log', 10, 6, 3),
      col('rst', 3, 1),
    ];
    const wide = fitColumns(columns, 60);
    expect(wide.map((c) => c.key)).toEqual(['name', 'cpu', 'log', 'rst']);
    expect(wide.reduce((s, c) => s + c.width, 0) + 3).toBe(60);
    const narrow = fitColumns(columns, 27);
    expect(narrow.map((c) => c.key)).toEqual(['name', 'cpu', 'log']);
  });

  it('selection is kept by id and falls back to the first row', () => {
    expect(resolveSelection(['a', 'b', 'c'], 'b')).toBe('b');
    expect(resolveSelection(['a', 'c'], 'b')).toBe('a');
    expect(resolveSelection([], 'b')).toBeNull();
    expect(moveSelection(['a', 'b', 'c'], 'b', 1)).toBe('c');
    expect(moveSelection(['a', 'b', 'c'], 'c', 1)).toBe('c');
    expect(moveSelection(['a', 'b', 'c'], 'gone', -1)).toBe('a');
  });

  it('pages keep the selection visible and do not shift within a page', () => {
    expect(pageStart(20, 0, 5)).toBe(0);
    expect(pageStart(20, 4, 5)).toBe(0);
    expect(pageStart(20, 5, 5)).toBe(5);
    expect(pageStart(12, 11, 5)).toBe(7);
    expect(pageStart(3, 2, 5)).toBe(0);
  });

  it('the filter keeps a matching container with its service', () => {
    const rows = serviceRows(dockerSnapshot(), NOW).rows;
    const kept = filterRows(rows, 'wrapper-2');
    expect(kept.map((r) => r.id)).toEqual([
      'svc:qfieldcloud/worker_wrapper',
      expect.stringMatching(/^ctr:c0ffee02/),
    ]);
    expect(filterRows(rows, '')).toBe(rows);
  });
});

describe('keys and terminal style', () => {
  const none: KeyLike = {
    upArrow: false,
    downArrow: false,
    leftArrow: false,
    rightArrow: false,
    pageUp: false,
    pageDown: false,
    home: false,
    end: false,
    return: false,
    escape: false,
    ctrl: false,
    shift: false,
    tab: false,
    backspace: false,
    delete: false,
    meta: false,
  };

  it('names keys the way the keymap spells them', () => {
    expect(keyName('r', none)).toBe('r');
    expect(keyName('R', { ...none, shift: true })).toBe('R');
    expect(keyName('', { ...none, tab: true, shift: true })).toBe('shift+tab');
    expect(keyName('', { ...none, upArrow: true })).toBe('up');
    expect(keyName('c', { ...none, ctrl: true })).toBe('ctrl+c');
    expect(keyName('', { ...none, delete: true })).toBe('backspace');
    expect(keyName('\r', { ...none, return: true })).toBe('return');
  });

  it('NO_COLOR gives a plain palette, TERM=dumb also ASCII', () => {
    expect(terminalStyle({ color: true, ascii: false }, {})).toEqual({ color: true, ascii: false });
    expect(terminalStyle({ color: true, ascii: false }, { NO_COLOR: '1' })).toEqual({
      color: false,
      ascii: false,
    });
    expect(terminalStyle({ color: true, ascii: false }, { NO_COLOR: '' })).toEqual({
      color: true,
      ascii: false,
    });
    expect(terminalStyle({ color: true, ascii: false }, { TERM: 'dumb' })).toEqual({
      color: false,
      ascii: true,
    });
    expect(terminalStyle({ color: false, ascii: true }, {})).toEqual({ color: false, ascii: true });
  });
});
