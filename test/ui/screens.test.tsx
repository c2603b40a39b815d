import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import { ActionTracker } from '../../src/ui/action-tracker.js';
import { App } from '../../src/ui/App.js';
import { WatchPanel } from '../../src/ui/panels/WatchPanel.js';
import { createTheme } from '../../src/ui/theme.js';
import { ThemeContext } from '../../src/ui/theme-context.js';
import { AuditLog } from '../../src/actions/audit-log.js';
import { appSnapshot, NOW, series } from './helpers/build-snapshot.js';
import { TestStore } from './helpers/test-store.js';
import { plain } from './helpers/wait-for-frame.js';

function dashboardAt(
  columns: number,
  rows: number,
  options: { color?: boolean; ascii?: boolean } = {},
): string {
  const history = appSnapshot().history;
  const snapshot = appSnapshot({
    history: {
      ...history,
      queueDepth: series(Array.from({ length: 200 }, (_, i) => (i % 50 < 5 ? null : (i % 7) + 2))),
    },
  });
  return renderToString(
    <App
      store={new TestStore(snapshot)}
      actions={{}}
      audit={new AuditLog('/nonexistent/audit.jsonl')}
      actor={{ user: 'alice', from: null, via: 'dashboard' }}
      tracker={new ActionTracker()}
      theme={createTheme({ color: options.color ?? true, ascii: options.ascii ?? false })}
      thresholds={thresholdsSchema.parse({})}
      size={{ columns, rows }}
      now={() => NOW}
    />,
    { columns },
  );
}

describe('the dashboard at real sizes', () => {
  it.each([
    [80, 24],
    [120, 40],
    [200, 60],
  ])('%i×%i: every panel, a frame shorter than the terminal and no wider', (columns, rows) => {
    const text = plain(dashboardAt(columns, rows));
    const lines = text.split('\n');
    expect(lines.length).toBeLessThan(rows);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
    for (const title of ['Queue', 'Sync readiness', 'Workers', 'Trends'])
      expect(text).toContain(title);
    expect(text).toContain('jobdeck default DEGRADED');
    expect(text).toContain('? help');
  });

  it('below 80×24 one line says the terminal is too small', () => {
    expect(plain(dashboardAt(60, 20)).trim()).toBe('terminal too small (need 80×24, have 60×20)');
  });

  it('the plain palette has no colours; ASCII has no box drawing', () => {
    const plainTheme = createTheme({ color: false, ascii: false });
    expect(Object.values(plainTheme.level).every((c) => c === undefined)).toBe(true);
    expect(plainTheme.accent).toBeUndefined();
    expect(createTheme({ color: true, ascii: false }).level.fail).toBe('red');
    const ascii = plain(dashboardAt(120, 40, { color: false, ascii: true }));
    expect(ascii).not.toMatch(/[╭╮╰╯─│┤┼▁▂▃▄▅▆▇█]/);
    expect(ascii).toContain('+-');
  });
});

describe('WatchPanel', () => {
  it('is at most 8 lines and as wide as the pane', () => {
    const text = plain(
      renderToString(
        <ThemeContext value={createTheme({ color: false, ascii: false })}>
          <WatchPanel snapshot={appSnapshot({ readOnly: true })} now={NOW} width={80} />
        </ThemeContext>,
        { columns: 80 },
      ),
    );
    const lines = text.split('\n');
    expect(lines.length).toBeLessThanOrEqual(8);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[0]?.trimEnd()).toBe('jobdeck default DEGRADED  READ-ONLY');
    expect(text).toContain('waiting 4  running 2  stuck 0  oldest 12m (package)');
    expect(text).toContain('1h      0.93/min  4 failed (7.1%)  wait p95 14s  run p95 2m3s');
    expect(text).toContain('workers 2/3 worker containers up');
    expect(text).toContain('queue live · docker live · every 2s');
  });
});
