import type { ReadinessCheck } from '../../store/readiness-verdict.js';
import { column } from './column.js';
import { formatLatency } from './format-latency.js';
import type { Level } from './level.js';
import type { PanelTable } from './panel-table.js';
import type { TableRow } from './table-row.js';

const MARK: Record<ReadinessCheck['level'], string> = {
  ok: 'ok',
  warn: 'WARN',
  fail: 'FAIL',
  unknown: '--',
};
const LEVEL: Record<ReadinessCheck['level'], Level> = {
  ok: 'ok',
  warn: 'warn',
  fail: 'fail',
  unknown: 'unknown',
};

/** The Sync readiness panel: one row per check (mark, name, latency, detail). */
export function readinessRows(checks: readonly ReadinessCheck[]): PanelTable {
  return {
    rows: checks.map((c): TableRow => ({
      id: `check:${c.name}`,
      depth: 0,
      ref: { kind: 'check', check: c },
      search: `${c.name} ${c.level} ${c.detail}`.toLowerCase(),
      cells: {
        mark: { text: MARK[c.level], level: LEVEL[c.level], bold: c.level === 'fail' },
        name: { text: c.name },
        latency: { text: formatLatency(c.latencyMs) },
        detail: {
          text: `${c.detail}${c.critical && c.level === 'fail' ? ' (critical)' : ''}`,
          dim: c.level === 'ok' || c.level === 'unknown',
        },
      },
    })),
    columns: [
      column('mark', '', 4, 10),
      column('name', 'CHECK', 8, 9),
      column('detail', 'DETAIL', 12, 8, { grow: 1 }),
      // Last: latencies change on every refresh, and Ink rewrites a line from the first change on.
      column('latency', 'TIME', 6, 5, { align: 'right' }),
    ],
  };
}
