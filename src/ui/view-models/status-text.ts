import { formatAge } from '../../shared/format-age.js';
import type { StatusReport } from '../../app/status/status-report.js';
import { formatNumber } from './format-number.js';
import { compareText } from '../../shared/compare-text.js';

type Level = 'ok' | 'warn' | 'fail' | 'unknown';

const ANSI: Record<Level | 'bold' | 'dim', string> = {
  ok: '\u001b[32m',
  warn: '\u001b[33m',
  fail: '\u001b[31m',
  unknown: '\u001b[90m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
};
const RESET = '\u001b[0m';
const MARK: Record<Level, string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL', unknown: '--' };
const SERVICE_LEVEL = {
  up: 'ok',
  completed: 'ok',
  degraded: 'warn',
  down: 'fail',
  failed: 'fail',
} as const;
const VERDICT_LEVEL = { OPERATIONAL: 'ok', DEGRADED: 'warn', DOWN: 'fail' } as const;

const pct = (x: number | null): string =>
  x === null ? 'n/a' : `${(x * 100).toFixed(x < 0.1 && x > 0 ? 1 : 0)}%`;
const secs = (x: number | null): string =>
  x === null ? 'n/a' : x < 10 ? `${x.toFixed(1)}s` : formatAge(x);
const pad = (text: string, width: number): string =>
  text.length >= width ? text : text + ' '.repeat(width - text.length);

/**
 * The `jobdeck status` report as lines of text: the seed's status report, sectioned
 * (readiness, queue, stuck, blockers, workers, overall). Pure; colour is optional.
 */
export function statusText(
  report: StatusReport,
  options: { color: boolean; now?: number },
): string[] {
  const paint = (style: keyof typeof ANSI, text: string): string =>
    options.color ? `${ANSI[style]}${text}${RESET}` : text;
  const lines: string[] = [];
  const time = report.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  lines.push(`${paint('bold', 'jobdeck status')}  target ${report.target}  ${paint('dim', time)}`);
  lines.push('');

  lines.push(paint('bold', 'READINESS'));
  const nameWidth = Math.max(8, ...report.readiness.map((c) => c.name.length));
  for (const c of report.readiness) {
    const latency = c.latencyMs === null ? '' : `${Math.round(c.latencyMs)} ms`;
    lines.push(
      `  ${paint(c.level, pad(MARK[c.level], 4))}  ${pad(c.name, nameWidth)}  ${pad(latency, 7)}  ${c.detail}${c.critical && c.level === 'fail' ? ' (critical)' : ''}`,
    );
  }
  if (report.readiness.length === 0) lines.push('  nothing configured to check');

  const q = report.queue;
  if (q !== null) {
    lines.push('');
    if (!q.ok) {
      lines.push(`${paint('bold', 'QUEUE')}  ${q.source}`);
      lines.push(`  ${paint('fail', 'unavailable:')} ${q.error}`);
    } else {
      lines.push(`${paint('bold', 'QUEUE')}  ${q.preset} at ${q.source}`);
      const counts = Object.entries(q.counts)
        .sort(([a], [b]) => compareText(a, b))
        .map(([status, n]) => `${status} ${formatNumber(n)}`)
        .join('  ');
      lines.push(`  ${counts}  (total ${formatNumber(q.total)})`);
      const oldest =
        q.oldestWaiting === null
          ? 'nothing waiting'
          : `oldest waiting ${formatAge(q.oldestWaiting.ageSeconds)} (${q.oldestWaiting.type ?? 'job'}${q.oldestWaiting.groupLabel === null ? '' : `, ${q.oldestWaiting.groupLabel}`})`;
      lines.push(
        `  waiting ${formatNumber(q.waiting)} · running ${formatNumber(q.inFlight)} · ${oldest}`,
      );
      const w = q.window;
      lines.push(
        `  last ${formatAge(w.windowSeconds)}: ${formatNumber(w.succeeded)} succeeded, ${formatNumber(w.failed)} failed (${pct(w.failureRate)}) · ${formatNumber(w.throughputPerMin, 2)}/min · wait p50 ${secs(w.waitP50)} p95 ${secs(w.waitP95)} · run p50 ${secs(w.runP50)} p95 ${secs(w.runP95)}`,
      );
      if (q.stuck.length > 0) {
        lines.push('');
        lines.push(paint('bold', `STUCK (${q.stuck.length})`));
        for (const j of q.stuck.slice(0, 10)) {
          lines.push(
            `  ${paint('warn', j.id)}  ${pad(j.status, 8)} ${j.groupLabel ?? j.group ?? ''}  ${j.reason}`,
          );
        }
        if (q.stuck.length > 10)
          lines.push(`  … and ${q.stuck.length - 10} more (jobdeck status --json lists all)`);
      }
      if (q.blockers.length > 0) {
        lines.push('');
        lines.push(paint('bold', `BLOCKERS (${q.blockers.length})`));
        for (const b of q.blockers.slice(0, 10)) lines.push(`  ${b.detail}`);
        if (q.blockers.length > 10) lines.push(`  … and ${q.blockers.length - 10} more`);
      }
      if (q.workers !== null) {
        lines.push('');
        lines.push(paint('bold', `WORKERS (${q.workers.length}, by heartbeat)`));
        for (const wk of q.workers) {
          const age = wk.ageSeconds === null ? 'never' : `${formatAge(wk.ageSeconds)} ago`;
          lines.push(
            `  ${paint(wk.state === 'active' ? 'ok' : 'warn', pad(wk.state, 6))}  ${pad(wk.id, 24)}  heartbeat ${pad(age, 10)}  ${wk.runningJobs} running`,
          );
        }
        if (q.unattributedRunning > 0)
          lines.push(`  ${q.unattributedRunning} running job(s) name no worker`);
      }
    }
  }
  const d = report.docker;
  if (d !== null) {
    lines.push('');
    if (!d.ok) {
      lines.push(paint('bold', 'SERVICES'));
      lines.push(`  ${paint('fail', 'unavailable:')} ${d.error}`);
    } else {
      lines.push(
        `${paint('bold', 'SERVICES')}  ${d.endpoint} · workers ${d.workers.running}/${d.workers.total} running`,
      );
      const now = options.now ?? Date.parse(report.generatedAt);
      for (const svc of d.services) {
        const count = `${svc.running}/${svc.containers.length}`;
        lines.push(
          `  ${paint(SERVICE_LEVEL[svc.state], pad(svc.state, 9))} ${pad(svc.key, 34)} ${pad(count, 5)} ${svc.role}`,
        );
        if (svc.role !== 'worker') continue;
        for (const c of svc.containers) {
          const up =
            c.startedAt === null || c.state !== 'running'
              ? c.status
              : `up ${formatAge((now - Date.parse(c.startedAt)) / 1000)}`;
          const cpu = c.cpuPercent === null ? '' : ` · cpu ${c.cpuPercent.toFixed(1)}%`;
          const mem =
            c.memoryMiB === null
              ? ''
              : ` · mem ${formatNumber(c.memoryMiB, c.memoryMiB < 10 ? 1 : 0)} MiB`;
          const restarts = c.restartCount === null ? '' : ` · restarts ${c.restartCount}`;
          const log = c.lastLog === null ? '' : `  "${c.lastLog}"`;
          lines.push(`      ${pad(c.name, 30)} ${up}${restarts}${cpu}${mem}${log}`);
        }
      }
      if (d.jobs.length > 0) {
        lines.push(
          `  job containers (${d.jobs.length}): ${d.jobs.map((j) => `${j.jobId ?? j.name} ${j.state}`).join(', ')}`,
        );
      }
      if (d.swarm !== null) lines.push('', ...swarmLines(d.swarm, paint));
    }
  }
  const cap = report.capacity;
  if (cap !== null) {
    lines.push('');
    lines.push(`${paint('bold', 'CAPACITY')}  ${cap.verdict}: ${cap.reason}`);
    lines.push(`  ${cap.action}`);
  }
  lines.push('');
  lines.push(
    `${paint('bold', 'OVERALL')}  ${paint(VERDICT_LEVEL[report.verdict], report.verdict)}`,
  );
  return lines;
}

type SwarmSection = NonNullable<
  Extract<NonNullable<StatusReport['docker']>, { ok: true }>['swarm']
>;

/** The SWARM block: services with replicas, update state and why tasks fail; the nodes. */
function swarmLines(
  swarm: SwarmSection,
  paint: (style: keyof typeof ANSI, text: string) => string,
): string[] {
  const lines = [`${paint('bold', 'SWARM')}  ${swarm.nodes.length} node(s)`];
  if (swarm.error !== null) lines.push(`  ${paint('warn', 'last read failed:')} ${swarm.error}`);
  for (const svc of swarm.services) {
    const update = svc.updateState === null ? '' : `  update ${svc.updateState}`;
    lines.push(
      `  ${paint(SERVICE_LEVEL[svc.state], pad(svc.state, 9))} ${pad(svc.name, 34)} ${pad(`${svc.running}/${svc.desired}`, 5)} ${svc.mode}${update}`,
    );
    const error = svc.errors[0];
    if (svc.state !== 'up' && error !== undefined) lines.push(`      ${paint('fail', error)}`);
  }
  for (const n of swarm.nodes) {
    const level = n.state === 'ready' && n.availability === 'active' ? 'ok' : 'warn';
    lines.push(
      `  node ${pad(n.hostname, 20)} ${paint(level, `${n.state}/${n.availability}`)} ${n.role}${n.leader ? ' (leader)' : ''}`,
    );
  }
  return lines;
}
