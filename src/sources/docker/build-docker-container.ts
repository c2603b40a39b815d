import type { ContainerInspect, ContainerSummary } from './docker-api-schemas.js';
import type { ContainerPlace, DockerMatchers } from './docker-matchers.js';
import type {
  ContainerHealth,
  ContainerResources,
  DockerContainer,
  LogLine,
} from './docker-snapshot.js';
import { formatPorts } from './format-ports.js';

/** Docker writes year 1 for "never" (`StartedAt` of a created container). */
function time(value: string | undefined): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

function health(summary: ContainerSummary, inspect: ContainerInspect | null): ContainerHealth {
  const status =
    inspect?.State.Health?.Status ??
    /\((healthy|unhealthy|health: starting)\)/.exec(summary.Status)?.[1];
  if (status === 'healthy' || status === 'unhealthy') return status;
  if (status === 'starting' || status === 'health: starting') return 'starting';
  return 'none';
}

function exitCode(
  state: string,
  summary: ContainerSummary,
  inspect: ContainerInspect | null,
): number | null {
  if (state !== 'exited' && state !== 'dead') return null;
  if (inspect !== null) return inspect.State.ExitCode;
  const parsed = /^Exited \((-?\d+)\)/.exec(summary.Status)?.[1];
  return parsed === undefined ? null : Number(parsed);
}

/**
 * Pure: the list entry plus (when we have it) the inspect answer → one panel row. The
 * inspect answer is at least as new as the list entry for anything that changed, because
 * the collector re-inspects a container whenever its list state or an event says so.
 */
export function buildDockerContainer(
  summary: ContainerSummary,
  inspect: ContainerInspect | null,
  place: ContainerPlace,
  matchers: DockerMatchers,
  extras: { resources: ContainerResources | null; lastLog: LogLine | null },
): DockerContainer {
  const state = inspect?.State.Status ?? summary.State;
  const name = (inspect?.Name ?? summary.Names[0] ?? summary.Id.slice(0, 12)).replace(/^\//, '');
  const compose = place.kind === 'compose' ? place : null;
  return {
    id: summary.Id,
    name,
    project: compose?.project ?? null,
    service: compose?.service ?? null,
    number: compose?.number ?? null,
    role: compose === null ? 'job' : matchers.role(compose.service),
    image: summary.Image,
    state,
    status: summary.Status,
    health: health(summary, inspect),
    createdAt: summary.Created * 1000,
    startedAt: time(inspect?.State.StartedAt),
    finishedAt: state === 'running' ? null : time(inspect?.State.FinishedAt),
    restartCount: inspect?.RestartCount ?? null,
    exitCode: exitCode(state, summary, inspect),
    oomKilled: inspect?.State.OOMKilled ?? false,
    ports: formatPorts(summary.Ports),
    tty: inspect?.Config.Tty ?? false,
    job: place.kind === 'job' ? place.job : null,
    ...(compose?.swarmService === undefined ? {} : { swarmService: compose.swarmService }),
    resources: state === 'running' ? extras.resources : null,
    lastLog: extras.lastLog,
  };
}
