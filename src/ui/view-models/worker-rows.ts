import type { Thresholds } from '../../config/thresholds-schema.js';
import type { DockerContainer, DockerSnapshot } from '../../sources/docker/docker-snapshot.js';
import type {
  JobRef,
  QueueSnapshot,
  WorkerHeartbeat,
} from '../../sources/queue/core/queue-snapshot.js';
import { column } from './column.js';
import { containerLevel } from './container-level.js';
import { formatMiB } from './format-mib.js';
import { formatUptime } from './format-uptime.js';
import type { Level } from './level.js';
import { logLevel } from './log-level.js';
import { matchesHeartbeat, matchesWorker } from './matches-worker.js';
import type { PanelTable } from './panel-table.js';
import { shortId } from './short-id.js';
import type { TableColumn } from './table-column.js';
import type { TableCell, TableRow } from './table-row.js';

const HEARTBEAT_LEVEL: Record<WorkerHeartbeat['state'], Level> = {
  active: 'ok',
  stale: 'warn',
  dead: 'fail',
};

function jobCell(jobs: readonly JobRef[]): TableCell {
  const first = jobs[0];
  if (first === undefined) return { text: '' };
  const more = jobs.length > 1 ? ` +${jobs.length - 1}` : '';
  return { text: `${first.type ?? 'job'} ${shortId(first.id)}${more}` };
}

function beatCell(hb: WorkerHeartbeat | null): TableCell {
  if (hb === null) return { text: '' };
  return {
    text: hb.ageSeconds === null ? 'never' : formatUptime(hb.ageSeconds),
    level: HEARTBEAT_LEVEL[hb.state],
  };
}

function containerRow(
  c: DockerContainer,
  heartbeat: WorkerHeartbeat | null,
  jobs: readonly JobRef[],
  now: number,
  thresholds: Pick<Thresholds, 'memoryMb'>,
): TableRow {
  const r = c.resources;
  const running = c.state === 'running';
  const health = c.health === 'unhealthy' || c.health === 'starting' ? ` ${c.health}` : '';
  const exited = c.exitCode === null ? '' : ` (${c.exitCode})`;
  const memory = r?.memoryMiB ?? null;
  const restarts = c.restartCount;
  const log = c.lastLog;
  return {
    id: `ctr:${c.id}`,
    depth: 0,
    ref: {
      kind: 'container',
      container: c,
      serviceKey: c.project !== null && c.service !== null ? `${c.project}/${c.service}` : null,
      heartbeat,
      jobs,
    },
    search: [
      c.name,
      c.service ?? '',
      c.state,
      log?.text ?? '',
      heartbeat?.id ?? '',
      ...jobs.map((j) => `${j.id} ${j.type ?? ''}`),
    ]
      .join(' ')
      .toLowerCase(),
    cells: {
      // The project prefix is the same on every row; the full name is in the details.
      name: { text: c.service !== null && c.number !== null ? `${c.service}-${c.number}` : c.name },
      state: { text: `${c.state}${running ? health : exited}`, level: containerLevel(c) },
      cpu: {
        text: running && r?.cpuPercent != null ? `${Math.round(r.cpuPercent)}%` : '',
      },
      mem: {
        text: running ? formatMiB(memory) : '',
        level: memory !== null && memory > thresholds.memoryMb ? 'warn' : 'none',
      },
      up: {
        text: running && c.startedAt !== null ? formatUptime((now - c.startedAt) / 1000) : '',
      },
      rst: {
        text: restarts === null ? '' : String(restarts),
        level: restarts !== null && restarts > 0 ? 'warn' : 'none',
      },
      beat: beatCell(heartbeat),
      job: jobCell(jobs),
      log: { text: log?.text ?? '', level: logLevel(log?.level ?? null), dim: log === null },
    },
  };
}

function heartbeatRow(hb: WorkerHeartbeat, jobs: readonly JobRef[]): TableRow {
  return {
    id: `hb:${hb.id}`,
    depth: 0,
    ref: { kind: 'heartbeat', heartbeat: hb, jobs },
    search:
      `${hb.id} ${hb.state} ${jobs.map((j) => `${j.id} ${j.type ?? ''}`).join(' ')}`.toLowerCase(),
    cells: {
      name: { text: hb.id },
      state: { text: hb.state, level: HEARTBEAT_LEVEL[hb.state] },
      cpu: { text: '' },
      mem: { text: '' },
      up: { text: '' },
      rst: { text: '' },
      beat: beatCell(hb),
      job: jobCell(jobs),
      log: { text: 'no container matched this worker', dim: true },
    },
  };
}

function runningRow(j: JobRef): TableRow {
  return {
    id: `job:${j.id}`,
    depth: 0,
    ref: { kind: 'running', job: j },
    search: `${j.id} ${j.type ?? ''} ${j.groupLabel ?? ''} ${j.worker ?? ''}`.toLowerCase(),
    cells: {
      job: { text: shortId(j.id) },
      type: { text: j.type ?? '' },
      group: { text: j.groupLabel ?? j.group ?? '' },
      age: { text: formatUptime(j.ageSeconds) },
      worker: { text: j.worker ?? 'not recorded', dim: j.worker === null },
    },
  };
}

/**
 * The Workers panel: every worker container (compose services with the worker role)
 * joined with the queue's heartbeats and in-flight jobs where the worker names match,
 * then heartbeat-only workers (not in a container we can see). The heartbeat column
 * exists only when the queue system keeps heartbeats (QFieldCloud does not). With
 * neither worker containers nor heartbeats (QFieldCloud without a Docker source), the
 * jobs running now stand in for the workers: that is what the workers are doing.
 */
export function workerRows(input: {
  readonly docker: DockerSnapshot | null;
  readonly queue: QueueSnapshot | null;
  readonly now: number;
  readonly thresholds: Pick<Thresholds, 'memoryMb'>;
}): PanelTable {
  const heartbeats = input.queue?.workers ?? null;
  const running = input.queue?.running ?? [];
  const containers =
    input.docker?.services.filter((s) => s.role === 'worker').flatMap((s) => s.containers) ?? [];
  const matched = new Set<string>();
  const rows: TableRow[] = containers.map((c) => {
    const hb = heartbeats?.find((h) => matchesHeartbeat(h, c)) ?? null;
    if (hb !== null) matched.add(hb.id);
    const jobs = running.filter(
      (j) => j.worker !== null && (j.worker === hb?.id || matchesWorker(j.worker, c)),
    );
    return containerRow(c, hb, jobs, input.now, input.thresholds);
  });
  for (const hb of heartbeats ?? []) {
    if (matched.has(hb.id)) continue;
    rows.push(
      heartbeatRow(
        hb,
        running.filter((j) => j.worker === hb.id),
      ),
    );
  }
  if (input.docker === null && heartbeats === null) {
    return {
      rows: running.map(runningRow),
      columns: [
        column('job', 'RUNNING JOB', 11, 10),
        column('type', 'TYPE', 12, 8),
        column('group', 'PROJECT', 12, 6, { grow: 2 }),
        column('worker', 'WORKER', 12, 4, { grow: 1 }),
        // Last: it changes on every refresh, and Ink rewrites a line from the first change on.
        column('age', 'FOR', 6, 9, { align: 'right' }),
      ],
    };
  }
  const hasJobs = rows.some((r) => r.cells.job?.text !== '');
  // CPU and memory come last: they change with every stats sample, and Ink rewrites a
  // line from its first changed cell to the end, so at the right edge a new figure costs
  // a few bytes instead of the rest of the row (issue 4: ≤ 1 KB per refresh over SSH).
  const columns: TableColumn[] = [
    column('name', 'WORKER', 16, 10, { grow: 1 }),
    column('state', 'STATE', 12, 9),
    column('up', 'UP', 6, 5),
    column('rst', 'RST', 3, 3, { align: 'right' }),
    ...(heartbeats === null ? [] : [column('beat', 'BEAT', 5, 6)]),
    ...(hasJobs || heartbeats !== null ? [column('job', 'JOB', 12, 4)] : []),
    column('log', 'LAST LOG', 12, 6, { grow: 3 }),
    column('cpu', 'CPU', 5, 8, { align: 'right' }),
    column('mem', 'MEM', 6, 7, { align: 'right' }),
  ];
  return { columns, rows };
}
