import type { Thresholds } from '../../config/thresholds-schema.js';
import { formatAge } from '../../shared/format-age.js';
import type { QueueSnapshot } from '../../sources/queue/core/queue-snapshot.js';
import { column } from './column.js';
import { formatNumber } from './format-number.js';
import { formatPercent } from './format-percent.js';
import { formatSeconds } from './format-seconds.js';
import type { Level } from './level.js';
import type { PanelTable } from './panel-table.js';
import type { Segment } from './segment.js';
import { shortId } from './short-id.js';
import type { TableRow } from './table-row.js';
import { compareText } from '../../shared/compare-text.js';

export interface QueueModel extends PanelTable {
  /** Summary lines above the stuck/blocker table. */
  readonly lines: readonly (readonly Segment[])[];
}

function depthLevel(
  waiting: number,
  t: Pick<Thresholds, 'queueDepthWarn' | 'queueDepthGood'>,
): Level {
  if (waiting > t.queueDepthWarn) return 'warn';
  if (waiting < t.queueDepthGood) return 'ok';
  return 'none';
}

/**
 * The Queue panel: counts by status, waiting/running/stuck/blockers with the oldest
 * waiting job, the window's outcomes, throughput and failure rate, wait and run
 * p50/p95, then the stuck jobs and blockers as rows (Enter shows one).
 */
export function queueModel(
  q: QueueSnapshot,
  t: Pick<Thresholds, 'queueDepthWarn' | 'queueDepthGood' | 'failureRateCritical'>,
): QueueModel {
  const w = q.window;
  const window = formatAge(w.windowSeconds);
  const counts = Object.entries(q.counts)
    .sort(([a], [b]) => compareText(a, b))
    .map(([status, n]) => `${status} ${formatNumber(n)}`)
    .join('  ');
  const oldest = q.oldestWaiting;
  const failure = w.failureRate;
  const lines: Segment[][] = [
    [
      { text: 'waiting ' },
      { text: formatNumber(q.waiting), level: depthLevel(q.waiting, t) },
      { text: `  running ${formatNumber(q.inFlight)}  stuck ` },
      { text: String(q.stuck.length), level: q.stuck.length > 0 ? 'warn' : 'none' },
      { text: '  blockers ' },
      { text: String(q.blockers.length), level: q.blockers.length > 0 ? 'warn' : 'none' },
      {
        text:
          oldest === null
            ? '  nothing waiting'
            : `  oldest ${formatAge(oldest.ageSeconds)} (${[oldest.type ?? 'job', oldest.groupLabel].filter((x) => x !== null).join(', ')})`,
      },
    ],
    [{ text: counts === '' ? 'no jobs' : counts, dim: true }],
    [
      { text: `last ${window}: ${formatNumber(w.succeeded)} succeeded, ` },
      { text: `${formatNumber(w.failed)} failed`, level: w.failed > 0 ? 'warn' : 'none' },
      { text: ' (' },
      {
        text: formatPercent(failure),
        level: failure !== null && failure > t.failureRateCritical ? 'fail' : 'none',
      },
      { text: `)  ${formatNumber(w.throughputPerMin, 2)}/min` },
    ],
    [
      {
        text: `wait p50 ${formatSeconds(w.waitP50)} p95 ${formatSeconds(w.waitP95)}  run p50 ${formatSeconds(w.runP50)} p95 ${formatSeconds(w.runP95)}`,
      },
    ],
  ];
  const rows: TableRow[] = [
    ...q.stuck.map((j): TableRow => ({
      id: `stuck:${j.id}`,
      depth: 0,
      ref: { kind: 'stuck', job: j },
      search:
        `stuck ${j.id} ${j.type ?? ''} ${j.status} ${j.groupLabel ?? ''} ${j.reason}`.toLowerCase(),
      cells: {
        kind: { text: 'stuck', level: 'warn' },
        id: { text: shortId(j.id) },
        age: { text: formatAge(j.ageSeconds) },
        what: {
          text: [j.status, j.type, j.groupLabel ?? j.group].filter((x) => x !== null).join(' '),
        },
        why: { text: j.reason, dim: true },
      },
    })),
    ...q.blockers.map((b, i): TableRow => ({
      id: `blocker:${b.kind}:${b.jobId ?? b.group ?? String(i)}`,
      depth: 0,
      ref: { kind: 'blocker', blocker: b },
      search: `blocker ${b.jobId ?? ''} ${b.group ?? ''} ${b.detail}`.toLowerCase(),
      cells: {
        kind: { text: 'blocks', level: 'warn' },
        id: { text: b.jobId === null ? '' : shortId(b.jobId) },
        age: { text: formatAge(b.ageSeconds) },
        what: { text: `${b.waiting} waiting behind` },
        why: { text: b.detail, dim: true },
      },
    })),
  ];
  return {
    lines,
    rows,
    columns: [
      column('kind', 'KIND', 6, 9),
      column('id', 'JOB', 8, 10),
      column('what', 'WHAT', 14, 6, { grow: 1 }),
      column('why', 'WHY', 12, 4, { grow: 2 }),
      // Last: ages change on every refresh, and Ink rewrites a line from the first change on.
      column('age', 'AGE', 6, 8, { align: 'right' }),
    ],
  };
}
