import type {
  ContainerHealth,
  DockerContainer,
  DockerService,
  DockerSnapshot,
  ServiceState,
} from '../../sources/docker/docker-snapshot.js';
import type { SwarmService } from '../../sources/docker/swarm/swarm-snapshot.js';
import { column } from './column.js';
import { containerLevel } from './container-level.js';
import { formatUptime } from './format-uptime.js';
import type { Level } from './level.js';
import type { PanelTable } from './panel-table.js';
import type { TableRow } from './table-row.js';
import { compareText } from '../../shared/compare-text.js';

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

function serviceRow(s: DockerService, showProject: boolean, swarm: SwarmService | null): TableRow {
  const restarts = s.containers.reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
  const health = worstHealth(s.containers);
  const name = showProject ? s.key : s.service;
  // In a swarm the orchestrator's counts are the truth (replicas on other nodes included).
  const updating = swarm?.updateState === 'updating' || swarm?.updateState === 'rollback_started';
  const state =
    swarm === null
      ? { text: `${s.state} ${s.running}/${s.containers.length}`, level: SERVICE_LEVEL[s.state] }
      : {
          text: `${updating ? 'updating' : swarm.state} ${swarm.running}/${swarm.desired}`,
          level: updating ? ('warn' as const) : SERVICE_LEVEL[swarm.state],
        };
  return {
    id: `svc:${s.key}`,
    depth: 0,
    ref: swarm === null ? { kind: 'service', service: s } : { kind: 'service', service: s, swarm },
    search:
      `${s.key} ${s.state} ${s.role}${swarm === null ? '' : ` swarm ${swarm.mode}`}`.toLowerCase(),
    cells: {
      name: { text: name, bold: true },
      state,
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

/** Why a Swarm service is short of replicas: its latest task error, as a row under it. */
function swarmErrorRow(key: string, swarm: SwarmService): TableRow | null {
  const error = swarm.errors[0];
  if (swarm.state === 'up' || error?.error == null) return null;
  const where = error.node === null ? '' : ` on ${error.node}`;
  return {
    id: `swarm-error:${key}`,
    depth: 1,
    ref: { kind: 'service', service: emptyService(key, swarm), swarm },
    search: `${key} ${error.error}`.toLowerCase(),
    cells: {
      name: { text: `  ${error.error}${where}`, level: 'fail' },
      state: { text: error.state, level: 'fail' },
      health: { text: '' },
      up: { text: '' },
      rst: { text: '' },
    },
  };
}

/** A Swarm service with no task container on this node, in the panel's service shape. */
function emptyService(key: string, swarm: SwarmService): DockerService {
  const slash = key.indexOf('/');
  return {
    key,
    project: key.slice(0, slash),
    service: key.slice(slash + 1),
    role: 'service',
    state: swarm.state,
    running: 0,
    containers: [],
  };
}

/**
 * The Services panel: each compose service (state, replicas up, worst health, restarts)
 * followed by its containers, then QFieldCloud's per-job containers that are running.
 * On a Swarm manager, services show the orchestrator's running/desired counts, the task
 * error behind missing replicas, and a row even with no task container here. The project
 * is shown only when services of several projects are listed.
 */
export function serviceRows(docker: DockerSnapshot | null, now: number): PanelTable {
  const local = docker?.services ?? [];
  const swarmServices = docker?.swarm?.services ?? [];
  const bySwarmKey = new Map<string, SwarmService>(swarmServices.map((sw) => [sw.key, sw]));
  // Swarm services without a task container here (replicas elsewhere, pending, crashing)
  // still get a row: they are often the ones in trouble.
  const localKeys = new Set(local.map((s) => s.key));
  const services = [
    ...local,
    ...[...bySwarmKey]
      .filter(([key]) => !localKeys.has(key))
      .map(([key, sw]) => emptyService(key, sw)),
  ].sort((a, b) => compareText(a.project, b.project) || compareText(a.service, b.service));
  const projects = new Set(services.map((s) => s.project));
  const rows: TableRow[] = [];
  for (const s of services) {
    const swarm = bySwarmKey.get(s.key) ?? null;
    rows.push(serviceRow(s, projects.size > 1, swarm));
    if (swarm !== null) {
      const errorRow = swarmErrorRow(s.key, swarm);
      if (errorRow !== null) rows.push(errorRow);
    }
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
  const nodes = docker?.swarm?.nodes ?? [];
  if (nodes.length > 0) {
    const ready = nodes.filter((n) => n.state === 'ready' && n.availability === 'active').length;
    const ref = { kind: 'swarm-nodes', nodes } as const;
    rows.push({
      id: 'swarm-nodes',
      depth: 0,
      ref,
      search: 'swarm nodes',
      cells: {
        name: { text: 'swarm nodes', bold: true },
        state: {
          text: `${ready}/${nodes.length} ready`,
          level: ready < nodes.length ? 'warn' : 'ok',
        },
        health: { text: '' },
        up: { text: '' },
        rst: { text: '' },
      },
    });
    for (const n of nodes) {
      const fine = n.state === 'ready' && n.availability === 'active';
      rows.push({
        id: `swarm-node:${n.id}`,
        depth: 1,
        ref,
        search: `${n.hostname} ${n.role} ${n.state} ${n.availability}`.toLowerCase(),
        cells: {
          name: { text: `  ${n.hostname} ${n.role}${n.leader ? ' (leader)' : ''}` },
          state: {
            text: n.availability === 'active' ? n.state : n.availability,
            level: fine ? 'ok' : n.state === 'ready' ? 'warn' : 'fail',
          },
          health: { text: '' },
          up: { text: '' },
          rst: { text: '' },
        },
      });
    }
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
