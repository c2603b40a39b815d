import { formatAge } from '../../shared/format-age.js';
import type { DockerContainer } from '../../sources/docker/docker-snapshot.js';
import type { JobRef } from '../../sources/queue/core/queue-snapshot.js';
import { formatMiB } from './format-mib.js';
import { formatUptime } from './format-uptime.js';
import type { RowRef } from './row-ref.js';

export interface Details {
  readonly title: string;
  readonly lines: readonly (readonly [label: string, value: string])[];
}

const time = (at: number | null): string =>
  at === null
    ? ''
    : new Date(at)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
const ago = (at: number | null, now: number): string =>
  at === null ? '' : `${formatAge((now - at) / 1000)} ago (${time(at)})`;

function containerLines(c: DockerContainer, now: number): [string, string][] {
  const r = c.resources;
  const lines: [string, string][] = [
    ['id', c.id.slice(0, 12)],
    ['image', c.image],
    [
      'compose',
      c.project === null
        ? 'not a compose container'
        : `${c.project}/${c.service ?? ''} #${c.number ?? '?'} (${c.role})`,
    ],
    ['state', `${c.state} — ${c.status}`],
    ['health', c.health === 'none' ? 'no healthcheck' : c.health],
    ['started', ago(c.startedAt, now)],
    ['restarts', c.restartCount === null ? 'unknown' : `${c.restartCount} by the restart policy`],
  ];
  if (c.exitCode !== null)
    lines.push(['exit code', `${c.exitCode}${c.oomKilled ? ' (OOM killed)' : ''}`]);
  if (c.ports.length > 0) lines.push(['ports', c.ports.join(', ')]);
  if (r !== null) {
    lines.push([
      'resources',
      [
        r.cpuPercent === null ? null : `CPU ${r.cpuPercent.toFixed(1)}% of one core`,
        r.memoryMiB === null
          ? null
          : `memory ${formatMiB(r.memoryMiB)}${r.memoryPercent === null ? '' : ` (${r.memoryPercent.toFixed(0)}% of limit)`}`,
        r.pids === null ? null : `${r.pids} pids`,
      ]
        .filter((x) => x !== null)
        .join(', '),
    ]);
  }
  if (c.job !== null)
    lines.push([
      'job',
      `${c.job.type ?? 'job'} ${c.job.id ?? ''} project ${c.job.projectId ?? '?'}`,
    ]);
  if (c.lastLog !== null) {
    const when = c.lastLog.at === null ? '' : ` (${formatUptime((now - c.lastLog.at) / 1000)} ago)`;
    lines.push([`last log${when}`, c.lastLog.text]);
  }
  return lines;
}

function jobLines(j: JobRef): [string, string][] {
  return [
    ['id', j.id],
    ['type', j.type ?? ''],
    ['status', j.status],
    ['group', [j.groupLabel, j.group].filter((x) => x !== null).join(' — ')],
    ['worker', j.worker ?? 'not recorded'],
    ['created', time(j.createdAt)],
    ['started', j.startedAt === null ? 'never' : time(j.startedAt)],
    ['age', formatAge(j.ageSeconds)],
  ];
}

/** What Enter shows for a row: the container inspect summary, the job, the check. */
export function detailLines(ref: RowRef, now: number): Details {
  switch (ref.kind) {
    case 'container': {
      const lines = containerLines(ref.container, now);
      if (ref.heartbeat !== null) {
        lines.push([
          'heartbeat',
          `${ref.heartbeat.state}, ${ref.heartbeat.ageSeconds === null ? 'never' : `${formatAge(ref.heartbeat.ageSeconds)} ago`}`,
        ]);
      }
      for (const j of ref.jobs)
        lines.push(['running', `${j.type ?? 'job'} ${j.id} for ${formatAge(j.ageSeconds)}`]);
      return { title: `container ${ref.container.name}`, lines };
    }
    case 'service': {
      const sw = ref.swarm;
      if (sw !== undefined) {
        return {
          title: `swarm service ${sw.name}`,
          lines: [
            ['state', `${sw.state}: ${sw.running} of ${sw.desired} running (${sw.mode})`],
            [
              'update',
              sw.updateState === null
                ? 'never updated'
                : `${sw.updateState}${sw.updateMessage === null || sw.updateMessage === '' ? '' : ` — ${sw.updateMessage}`}`,
            ],
            ['image', sw.image ?? '–'],
            ...sw.tasks.map((t): [string, string] => [
              `task ${t.slot === null ? (t.node ?? t.id.slice(0, 12)) : `${sw.name}.${t.slot}`}`,
              `${t.state} on ${t.node ?? 'no node'}${t.error === null ? '' : ` — ${t.error}`}`,
            ]),
            ...sw.errors.map((t): [string, string] => [
              'error',
              `${t.error ?? ''}${t.node === null ? '' : ` (${t.node})`}${t.at === null ? '' : `, ${ago(t.at, now)}`}`,
            ]),
            ...ref.service.containers.map((c): [string, string] => [
              c.name,
              `${c.state} — ${c.status}`,
            ]),
          ],
        };
      }
      return {
        title: `service ${ref.service.key}`,
        lines: [
          [
            'state',
            `${ref.service.state}: ${ref.service.running} of ${ref.service.containers.length} running`,
          ],
          ['role', ref.service.role],
          ...ref.service.containers.map((c): [string, string] => [
            c.name,
            `${c.state} — ${c.status}`,
          ]),
        ],
      };
    }
    case 'swarm-nodes':
      return {
        title: 'swarm nodes',
        lines: ref.nodes.map((n): [string, string] => [
          n.hostname,
          `${n.role}${n.leader ? ' (leader)' : ''}, ${n.state}, ${n.availability}${n.address === null ? '' : `, ${n.address}`}`,
        ]),
      };
    case 'job-containers':
      return {
        title: 'per-job containers',
        lines: ref.containers.map((c): [string, string] => [
          c.name,
          `${c.job?.type ?? 'job'} ${c.job?.id ?? ''} — ${c.status}`,
        ]),
      };
    case 'heartbeat':
      return {
        title: `worker ${ref.heartbeat.id}`,
        lines: [
          ['state', ref.heartbeat.state],
          [
            'heartbeat',
            ref.heartbeat.ageSeconds === null
              ? 'never'
              : `${formatAge(ref.heartbeat.ageSeconds)} ago (${time(ref.heartbeat.lastHeartbeatAt)})`,
          ],
          ['running jobs', String(ref.heartbeat.runningJobs)],
          ['container', 'none matched: is it running outside Docker, or on another host?'],
          ...ref.jobs.map((j): [string, string] => ['running', `${j.type ?? 'job'} ${j.id}`]),
        ],
      };
    case 'running':
      return { title: `running job ${ref.job.id}`, lines: jobLines(ref.job) };
    case 'stuck':
      return {
        title: `stuck job ${ref.job.id}`,
        lines: [...jobLines(ref.job), ['why stuck', ref.job.reason]],
      };
    case 'blocker':
      return {
        title: `blocker ${ref.blocker.jobId ?? ref.blocker.group ?? ''}`,
        lines: [
          ['kind', ref.blocker.kind],
          ['job', ref.blocker.jobId ?? ''],
          ['group', ref.blocker.group ?? ''],
          ['waiting behind', String(ref.blocker.waiting)],
          ['age', formatAge(ref.blocker.ageSeconds)],
          ['detail', ref.blocker.detail],
        ],
      };
    case 'check':
      return {
        title: `check ${ref.check.name}`,
        lines: [
          ['level', `${ref.check.level}${ref.check.critical ? ' (critical)' : ''}`],
          ['latency', ref.check.latencyMs === null ? '' : `${Math.round(ref.check.latencyMs)} ms`],
          ['detail', ref.check.detail],
        ],
      };
    case 'alert':
      return {
        title: `alert ${ref.alert.ruleId}`,
        lines: [
          ['state', ref.alert.kind],
          ['severity', ref.alert.severity],
          ['subject', ref.alert.subject],
          ['when', ref.alert.at === null ? '' : new Date(ref.alert.at).toISOString()],
          ['summary', ref.alert.summary],
        ],
      };
  }
}
