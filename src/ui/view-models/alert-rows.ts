import type { AlertsView } from '../../store/alerts-view.js';
import { formatAge } from '../../shared/format-age.js';
import { column } from './column.js';
import type { PanelTable } from './panel-table.js';
import type { AlertRowData } from './row-ref.js';
import type { TableRow } from './table-row.js';

/**
 * The Alerts panel: what the monitor has firing now (critical first), then the latest
 * notices it sent (newest first). Ages sit in the last column: they change every refresh.
 */
export function alertRows(alerts: AlertsView | null, now: number): PanelTable {
  const data: AlertRowData[] = [];
  if (alerts !== null) {
    const firing = [...alerts.firing].sort((a, b) =>
      a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1,
    );
    for (const a of firing)
      data.push({
        kind: 'FIRING',
        severity: a.severity,
        ruleId: a.ruleId,
        subject: a.subject,
        summary: a.summary,
        at: a.since,
      });
    for (const n of alerts.recent) {
      data.push({
        kind: n.kind === 'firing' ? 'fired' : n.kind,
        severity: n.severity,
        ruleId: n.ruleId,
        subject: n.subject,
        summary: n.summary,
        at: n.at,
      });
    }
  }
  return {
    rows: data.map((a, i): TableRow => ({
      id: `alert:${a.kind}:${a.ruleId}:${a.subject}:${String(a.at ?? i)}:${String(i)}`,
      depth: 0,
      ref: { kind: 'alert', alert: a },
      search: `${a.kind} ${a.severity} ${a.ruleId} ${a.subject} ${a.summary}`.toLowerCase(),
      cells: {
        kind: {
          text: a.kind,
          level:
            a.kind === 'resolved'
              ? 'ok'
              : a.kind === 'test'
                ? 'unknown'
                : a.severity === 'critical'
                  ? 'fail'
                  : 'warn',
          bold: a.kind === 'FIRING',
        },
        rule: { text: a.ruleId },
        summary: { text: a.summary, dim: a.kind !== 'FIRING' },
        age: { text: a.at === null ? '' : formatAge((now - a.at) / 1000) },
      },
    })),
    columns: [
      column('kind', 'ALERT', 6, 8),
      column('rule', 'RULE', 10, 18),
      column('summary', 'WHAT', 12, 8, { grow: 1 }),
      column('age', 'AGE', 6, 7, { align: 'right' }),
    ],
  };
}
