import type { Verdict } from '../../store/readiness-verdict.js';
import type { AppSnapshot } from '../../store/app-snapshot.js';
import type { Segment } from './segment.js';
import { verdictLevel } from './verdict-level.js';

const WORST_FIRST: readonly Verdict[] = ['DOWN', 'DEGRADED', 'OPERATIONAL'];

/**
 * The fleet overview's status line: how many targets, how many of each verdict (worst
 * first), and which are read-only (every one: the badge, as on the dashboard).
 */
export function fleetSegments(snapshots: readonly AppSnapshot[]): Segment[] {
  const sep: Segment = { text: ' · ', dim: true };
  const parts: Segment[] = [
    { text: 'jobdeck', bold: true },
    { text: ` fleet of ${String(snapshots.length)} targets` },
  ];
  const readOnly = snapshots.filter((s) => s.readOnly);
  if (readOnly.length > 0 && readOnly.length === snapshots.length) {
    parts.push({ text: ' ' }, { text: ' READ-ONLY ', level: 'warn', inverse: true, bold: true });
  }
  for (const verdict of WORST_FIRST) {
    const n = snapshots.filter((s) => s.verdict === verdict).length;
    if (n > 0) parts.push(sep, { text: `${String(n)} ${verdict}`, level: verdictLevel(verdict) });
  }
  const checking = snapshots.filter((s) => s.verdict === null).length;
  if (checking > 0) parts.push(sep, { text: `${String(checking)} checking…`, dim: true });
  if (readOnly.length > 0 && readOnly.length < snapshots.length) {
    parts.push(sep, {
      text: `read-only: ${readOnly.map((s) => s.target).join(', ')}`,
      level: 'warn',
    });
  }
  return parts;
}
