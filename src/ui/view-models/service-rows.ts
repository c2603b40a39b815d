import type {
  ContainerHealth,
  DockerContainer,
  DockerService,
  DockerSnapshot,
  ServiceState,
} from '../../sources/docker/docker-snapshot.js';
import { column } from './column.js';
import { containerLevel } from './container-level.js';
import { formatUptime } from './format-uptime.js';
import type { Level } from './level.js';
import type { PanelTable } from './panel-table.js';
import type { TableRow } from './table-row.js';

const SERVICE_LEVEL: Record<ServiceState, Level> = {
  up: 'ok',
  degraded: 'warn',
  down: 'fail',
  completed: 'none',
  failed: 'fail',
};
const HEALTH_ORDER: readonly ContainerHealth[] = ['unhealthy', 'starting', 'healthy'];
const HEALTH_LEVEL: Record<ContainerHealth, Level> = {
  unhealthy: 'fail',
  starting: 'warn',
  healthy: 'ok',
  none: 'none',
};

function worstHealth(containers: readonly DockerContainer[]): ContainerHealth {
  return HEALTH_ORDER.find((h) => containers.some((c) => c.health === h)) ?? 'none';
}

function serviceRow(s: DockerService, showProject: boolean): TableRow {
  const restarts = s.containers.reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
  const health = worstHealth(s.containers);
  const name = showProject ? s.key : s.service;
  return {
    id: `svc:${s.key}`,
    depth: 0,
    ref: { kind: 'service', service: s },
    search: `${s.key} ${s.state} ${s.role}`.toLowerCase(),
    cells: {
      name: { text: name, bold: true },
      state: {
        text: `${s.state} ${s.running}/${s.containers.length}`,
        level: SERVICE_LEVEL[s.state],
      },
      health: { text: health === 'none' ? '' : health, level: HEALTH_LEVEL[health] },
      up: { text: '' },
      rst: { text: String(restarts), level: restarts > 0 ? 'warn' : 'none' },
    },
  };
}

function containerRow(c: DockerContainer, now: number): TableRow {
  const running = c.state === 'running';
  const shortName = c.service !== null && c.number !== null ? `${c.service}-${c.number}` : c.name;
  return {
    id: `ctr:${c.id}`,
    depth: 1,
    ref: {
      kind: 'container',
      container: c,
      serviceKey: c.project !== null && c.service !== null ? `${c.project}/${c.service}` : null,
      heartbeat: null,
      jobs: [],
    },
    search: `${c.name} ${c.state} ${c.job?.type ?? ''} ${c.job?.id ?? ''}`.toLowerCase(),
    cells: {
      name: { text: `  ${c.job === null ? shortName : `${c.job.type ?? 'job'} ${c.name}`}` },
      state: {
        text:
          running || c.exitCode === null
            ? c.state
            : `exit ${c.exitCode}${c.oomKilled ? ' OOM' : ''}`,
        level: containerLevel(c),
      },
      health: { text: c.health === 'none' ? '' : c.health, level: HEALTH_LEVEL[c.health] },
      up: {
        text: running && c.startedAt !== null ? formatUptime((now - c.startedAt) / 1000) : '',
      },
      rst: {
        text: c.restartCount === null ? '' : String(c.restartCount),
        level: (c.restartCount ?? 0) > 0 ? 'warn' : 'none',
      },
    },
  };
}

/**
 * The Services panel: each compose service (state, replicas up, worst health, restarts)
 * followed by its containers, then QFieldCloud's per-job containers that are running.
 * The project is shown only when services of several projects are listed.
 */
export function serviceRows(docker: DockerSnapshot | null, now: number): PanelTable {
  const services = docker?.services ?? [];
  const projects = new Set(services.map((s) => s.project));
  const rows: TableRow[] = [];
  for (const s of services) {
    rows.push(serviceRow(s, projects.size > 1));
    for (const c of s.containers) rows.push(containerRow(c, now));
  }
  const jobs = docker?.jobs ?? [];
  if (jobs.length > 0) {
    const running = jobs.filter((c) => c.state === 'running');
    rows.push({
      id: 'jobs',
      depth: 0,
      ref: { kind: 'job-containers', containers: jobs },
      search: 'per-job containers jobs',
      cells: {
        name: { text: 'per-job containers', bold: true },
        state: { text: `${running.length} running` },
        health: { text: '' },
        up: { text: '' },
        rst: { text: `${jobs.length - running.length} done`, dim: true },
      },
    });
    for (const c of running) rows.push(containerRow(c, now));
  }
  return {
    rows,
    columns: [
      column('name', 'SERVICE', 14, 10, { grow: 1 }),
      column('state', 'STATE', 12, 9),
      column('up', 'UP', 6, 7),
      column('rst', 'RST', 4, 5, { align: 'right' }),
      column('health', 'HEALTH', 9, 4),
    ],
  };
}
