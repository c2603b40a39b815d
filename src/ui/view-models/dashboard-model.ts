import type { Thresholds } from '../../config/thresholds-schema.js';
import type { AppSnapshot } from '../../store/app-snapshot.js';
import { latestData } from '../../store/source-state.js';
import { filterRows } from './filter-rows.js';
import type { ListPanelId } from './list-panel-id.js';
import type { PanelStatus } from './panel-status.js';
import { panelStatus } from './panel-status.js';
import type { PanelTable } from './panel-table.js';
import { queueModel } from './queue-model.js';
import { alertRows } from './alert-rows.js';
import { readinessRows } from './readiness-rows.js';
import type { AlertsView } from '../../store/alerts-view.js';
import { formatAge } from '../../shared/format-age.js';
import { resolveSelection } from './resolve-selection.js';
import type { Segment } from './segment.js';
import { serviceRows } from './service-rows.js';
import { workerRows } from './worker-rows.js';

export interface PanelModel extends PanelTable {
  readonly status: PanelStatus;
  /** Rows before the filter. */
  readonly total: number;
  readonly filter: string;
  readonly selectedId: string | null;
  /** Summary lines above the table (Queue; the verdict under Readiness). */
  readonly lines: readonly (readonly Segment[])[];
  /** A note for the title (`heartbeats only`). */
  readonly note: string | null;
}

export type DashboardModel = Readonly<Record<ListPanelId, PanelModel>>;

export interface SelectionState {
  readonly selected: Readonly<Record<ListPanelId, string | null>>;
  readonly filters: Readonly<Record<ListPanelId, string>>;
}

function panel(
  id: ListPanelId,
  table: PanelTable,
  status: PanelStatus,
  ui: SelectionState,
  extra: { lines?: readonly (readonly Segment[])[]; note?: string | null } = {},
): PanelModel {
  const filter = ui.filters[id];
  const rows = filterRows(table.rows, filter);
  return {
    columns: table.columns,
    rows,
    total: table.rows.length,
    filter,
    status,
    selectedId: resolveSelection(
      rows.map((r) => r.id),
      ui.selected[id],
    ),
    lines: extra.lines ?? [],
    note: extra.note ?? null,
  };
}

/**
 * Everything the list panels show, from the snapshot and the UI's selection and
 * filters: rows built, filtered, the selection resolved by id. Pure, and the App's key
 * handling reads the same rows the panels draw.
 */
export function dashboardModel(
  s: AppSnapshot,
  ui: SelectionState,
  now: number,
  thresholds: Thresholds,
): DashboardModel {
  const queue = latestData(s.queue)?.data ?? null;
  const docker = latestData(s.docker)?.data ?? null;
  const queueStatus = panelStatus(s.queue, now, {
    off: 'no queue configured: set DATABASE_URL or queue.urlEnv',
    empty: 'the job table is empty',
    isEmpty: (q) => q.total === 0,
  });
  const q = queue === null ? null : queueModel(queue, thresholds);

  const heartbeats = queue?.workers ?? null;
  const workers = workerRows({ docker, queue, now, thresholds });
  let workerStatus: PanelStatus;
  if (s.docker.status === 'off') {
    // Without Docker the rows come from the queue (heartbeats, or the running jobs), so
    // the queue's state is the panel's.
    workerStatus =
      s.queue.status !== 'ok'
        ? panelStatus(s.queue, now, {
            off: 'no Docker source and no queue configured',
            empty: '',
            isEmpty: () => false,
          })
        : workers.rows.length > 0
          ? { kind: 'ok' }
          : {
              kind: 'empty',
              message:
                heartbeats === null
                  ? 'no job running (no Docker source and no heartbeats: running jobs stand in for workers)'
                  : 'no worker has a heartbeat',
            };
  } else {
    workerStatus = panelStatus(s.docker, now, {
      off: '',
      empty: 'no worker containers (compose services with the worker role)',
      isEmpty: () => workers.rows.length === 0,
    });
  }

  const readiness = readinessRows(s.readiness);
  const readinessStatus: PanelStatus =
    s.readiness.length > 0
      ? { kind: 'ok' }
      : s.queue.status === 'loading' || s.probes.status === 'loading'
        ? { kind: 'loading' }
        : { kind: 'empty', message: 'nothing configured to check' };
  const verdictLine: Segment[] =
    s.verdict === null
      ? []
      : [
          { text: 'OVERALL ', bold: true },
          {
            text: s.verdict,
            bold: true,
            level: s.verdict === 'OPERATIONAL' ? 'ok' : s.verdict === 'DEGRADED' ? 'warn' : 'fail',
          },
        ];

  return {
    workers: panel('workers', workers, workerStatus, ui, {
      note:
        s.docker.status !== 'off'
          ? null
          : heartbeats === null
            ? 'no Docker source: running jobs'
            : 'heartbeats only',
    }),
    services: panel(
      'services',
      serviceRows(docker, now),
      panelStatus(s.docker, now, {
        off: 'no Docker source or services: configured (DOCKER_HOST)',
        empty:
          (s.servicesProvider ?? 'docker') === 'docker'
            ? 'no compose services found'
            : `no ${s.servicesProvider ?? ''} instances found (check services: in the config)`,
        isEmpty: (d) => d.services.length === 0 && d.jobs.length === 0,
      }),
      ui,
      {
        note:
          docker === null
            ? null
            : docker.provider !== undefined && docker.provider !== 'docker'
              ? `${docker.provider}, workers ${docker.workers.running}/${docker.workers.total}`
              : `workers ${docker.workers.running}/${docker.workers.total}${docker.eventsConnected ? '' : ', events off'}`,
      },
    ),
    queue: panel('queue', q ?? { columns: [], rows: [] }, queueStatus, ui, {
      lines: q?.lines ?? [],
      note: queue === null ? null : queue.preset,
    }),
    alerts: panel(
      'alerts',
      alertRows(s.alerts, now),
      s.alerts === null
        ? {
            kind: 'empty',
            message: 'no monitor on this host: jobdeck monitor evaluates the alert rules',
          }
        : s.alerts.firing.length === 0 && s.alerts.recent.length === 0
          ? { kind: 'empty', message: 'no alerts yet' }
          : { kind: 'ok' },
      ui,
      { note: s.alerts === null ? null : `${String(s.alerts.firing.length)} firing` },
    ),
    readiness: panel('readiness', readiness, readinessStatus, ui, {
      lines: [...(verdictLine.length === 0 ? [] : [verdictLine]), ...alertLines(s.alerts, now)],
    }),
  };
}

/**
 * The monitor's alerts under the verdict, in at most two lines so the checks above keep
 * their rows: what fires (critical first, by rule), then the silences and the
 * maintenance pause. `jobdeck alert --check` prints the full summaries. Nothing when no
 * monitor keeps state on this host.
 */
function alertLines(alerts: AlertsView | null, now: number): Segment[][] {
  // `now` dates the pause; the alerts' own ages are in `alert --check`.
  if (alerts === null) return [];
  const lines: Segment[][] = [];
  const firing = [...alerts.firing].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1) ||
      (a.since ?? 0) - (b.since ?? 0),
  );
  if (firing.length === 0) {
    lines.push([
      { text: 'ALERTS ', bold: true },
      { text: 'none firing', level: 'ok' },
    ]);
  } else {
    lines.push([
      { text: 'ALERTS ', bold: true },
      {
        text: `${String(firing.length)} firing`,
        level: firing.some((a) => a.severity === 'critical') ? 'fail' : 'warn',
        bold: true,
      },
      { text: `  ${firing.map((a) => a.ruleId).join(', ')}`, dim: true },
    ]);
  }
  const extra: string[] = [];
  if (alerts.silences > 0) extra.push(`${String(alerts.silences)} silenced`);
  if (alerts.healingPausedUntil !== null) {
    extra.push(
      Number.isFinite(alerts.healingPausedUntil)
        ? `healing paused ${formatAge((alerts.healingPausedUntil - now) / 1000)} more`
        : 'healing paused until jobdeck resume',
    );
  }
  if (extra.length > 0) lines.push([{ text: extra.join(' · '), dim: true }]);
  return lines;
}
