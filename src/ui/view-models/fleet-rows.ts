import type { Thresholds } from '../../config/thresholds-schema.js';
import type { AlertsView } from '../../store/alerts-view.js';
import type { AppSnapshot } from '../../store/app-snapshot.js';
import { latestData } from '../../store/source-state.js';
import { column } from './column.js';
import { formatNumber } from './format-number.js';
import { formatPercent } from './format-percent.js';
import type { Level } from './level.js';
import type { Segment } from './segment.js';
import { sourceAge } from './source-age.js';
import type { TableColumn } from './table-column.js';
import type { TableCell, TableRow } from './table-row.js';
import { verdictLevel } from './verdict-level.js';

/** One target of the fleet: its name, its store's snapshot and its config's thresholds. */
export interface FleetTargetView {
  readonly name: string;
  readonly snapshot: AppSnapshot;
  readonly thresholds: Pick<Thresholds, 'queueDepthWarn' | 'failureRateCritical'>;
}

/** The overview's table: one row per target, its id the target's name. */
export interface FleetTable {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly Pick<TableRow, 'id' | 'cells'>[];
}

const NONE: TableCell = { text: '–', dim: true };
const RANK: Record<Level, number> = { fail: 4, warn: 3, unknown: 2, ok: 1, none: 0 };

/** The monitor's worst firing alert (critical first, then the oldest), and how many more. */
function worstAlert(alerts: AlertsView | null): TableCell {
  if (alerts === null) return { text: 'no monitor', dim: true };
  const firing = [...alerts.firing].sort((a, b) =>
    a.severity === b.severity
      ? (a.since ?? Infinity) - (b.since ?? Infinity)
      : a.severity === 'critical'
        ? -1
        : 1,
  );
  const worst = firing[0];
  if (worst === undefined) return { text: 'none firing', dim: true };
  const more = firing.length > 1 ? ` (+${String(firing.length - 1)})` : '';
  return {
    text: `${worst.severity} ${worst.ruleId}: ${worst.summary}${more}`,
    level: worst.severity === 'critical' ? 'fail' : 'warn',
    bold: worst.severity === 'critical',
  };
}

/**
 * Why a target is failing, or null: the first failing readiness check (it says what
 * could not be reached: the database, a probe), else a failed source's own error (a
 * Docker engine over SSH that does not answer has no check of its own).
 */
function whyFailing(s: AppSnapshot): string | null {
  const check = s.readiness.find((c) => c.level === 'fail');
  if (check !== undefined) return `${check.name}: ${check.detail}`;
  const failed = (
    [
      ['queue', s.queue],
      [s.servicesProvider ?? 'docker', s.docker],
      ['probes', s.probes],
    ] as const
  ).find(([, state]) => state.status === 'failed');
  if (failed === undefined) return null;
  const [name, state] = failed;
  return state.status === 'failed' ? `${name}: ${state.error}` : null;
}

/** Worker containers up, else workers with a live heartbeat; `–` when neither is known. */
function workersCell(s: AppSnapshot): TableCell {
  const docker = latestData(s.docker);
  const stale = s.docker.status === 'failed';
  if (docker !== null) {
    const { running, total } = docker.data.workers;
    const level: Level = total > 0 && running === 0 ? 'fail' : running < total ? 'warn' : 'none';
    return { text: `${String(running)}/${String(total)}`, level, dim: stale };
  }
  const beats = latestData(s.queue)?.data.workers ?? null;
  if (beats === null) return NONE;
  const active = beats.filter((b) => b.state === 'active').length;
  return {
    text: `${String(active)}/${String(beats.length)}`,
    level: beats.length > 0 && active === 0 ? 'fail' : 'none',
    dim: s.queue.status === 'failed',
  };
}

/** Both sources' ages in one cell, coloured by the worse of the two. */
function agesCell(s: AppSnapshot, now: number): TableCell {
  const fresh = s.intervalMs * 2 + 1000;
  const parts: Segment[] = [
    sourceAge('queue', s.queue, now, fresh),
    sourceAge(s.servicesProvider ?? 'docker', s.docker, now, fresh),
  ];
  const worst = parts.reduce((a, b) => (RANK[b.level ?? 'none'] > RANK[a.level ?? 'none'] ? b : a));
  return {
    text: parts.map((p) => p.text).join(' · '),
    ...(worst.level === undefined ? { dim: true } : { level: worst.level }),
  };
}

function fleetRow(t: FleetTargetView, index: number, now: number): Pick<TableRow, 'id' | 'cells'> {
  const s = t.snapshot;
  const q = latestData(s.queue)?.data ?? null;
  // A failed queue keeps its last numbers, dimmed: they are as old as the data age says.
  const dim = s.queue.status === 'failed';
  const queueCell = (text: string, level: Level = 'none'): TableCell =>
    q === null
      ? s.queue.status === 'loading'
        ? { text: '…', dim: true }
        : NONE
      : { text, level, dim };
  const error = whyFailing(s);
  const failure = q?.window.failureRate ?? null;
  return {
    id: t.name,
    cells: {
      n: { text: index < 9 ? String(index + 1) : '', dim: true },
      target: { text: t.name, bold: true },
      verdict:
        s.verdict === null
          ? { text: 'checking…', dim: true }
          : { text: s.verdict, level: verdictLevel(s.verdict), bold: true },
      waiting: queueCell(
        formatNumber(q?.waiting ?? null),
        (q?.waiting ?? 0) > t.thresholds.queueDepthWarn ? 'warn' : 'none',
      ),
      running: queueCell(formatNumber(q?.inFlight ?? null)),
      stuck: queueCell(String(q?.stuck.length ?? 0), (q?.stuck.length ?? 0) > 0 ? 'warn' : 'none'),
      failure: queueCell(
        formatPercent(failure),
        (failure ?? 0) > t.thresholds.failureRateCritical ? 'fail' : 'none',
      ),
      workers: workersCell(s),
      alert: error === null ? worstAlert(s.alerts) : { text: `failed: ${error}`, level: 'fail' },
      ages: agesCell(s, now),
    },
  };
}

/**
 * The fleet overview (`jobdeck` with several targets): one row per target, in the
 * config file's order, numbered for the `1`…`9` keys — verdict, the queue's waiting /
 * running / stuck and the window's failure rate, workers up of expected (worker
 * containers, else live heartbeats), the worst firing alert, and the data ages. A
 * failing target (a source or a check failed) says why in the alert column instead;
 * a failed queue's last numbers stay, dimmed. Pure: it reads each target's snapshot.
 */
export function fleetRows(targets: readonly FleetTargetView[], now: number): FleetTable {
  const longest = Math.max(6, ...targets.map((t) => t.name.length));
  return {
    rows: targets.map((t, i) => fleetRow(t, i, now)),
    // Priorities: name, number, verdict and the alert (or why it failed) outlast the
    // numbers on narrow terminals; the data ages go first (the status bar of each
    // target's dashboard has them too).
    columns: [
      column('n', '#', 1, 95),
      column('target', 'TARGET', Math.min(24, longest), 100),
      column('verdict', 'VERDICT', 11, 90),
      column('waiting', 'WAIT', 5, 60, { align: 'right' }),
      column('running', 'RUN', 5, 40, { align: 'right' }),
      column('stuck', 'STUCK', 5, 50, { align: 'right' }),
      column('failure', 'FAIL', 5, 30, { align: 'right' }),
      column('workers', 'WORKERS', 7, 70, { align: 'right' }),
      column('alert', 'ALERT', 24, 80, { grow: 2 }),
      column('ages', 'DATA', 24, 20, { grow: 1 }),
    ],
  };
}
