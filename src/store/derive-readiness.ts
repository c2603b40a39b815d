import type { Thresholds } from '../config/thresholds-schema.js';
import { formatAge } from '../shared/format-age.js';
import type { ProbeResult } from '../sources/probes/probe-result.js';
import type { ReadinessCheck } from './readiness-verdict.js';
import type { DockerSnapshot } from '../sources/docker/docker-snapshot.js';
import type { QueueSnapshot } from '../sources/queue/core/queue-snapshot.js';
import type { SourceResult } from '../shared/source-result.js';

export interface ReadinessInputs {
  /** Null when no queue is configured. */
  readonly queue: SourceResult<QueueSnapshot> | null;
  /** `SELECT 1` on the queue database, when one is configured. */
  readonly database: ProbeResult | null;
  /** Configured probes with their criticality. */
  readonly probes: readonly { readonly result: ProbeResult; readonly critical: boolean }[];
  readonly thresholds: Thresholds;
  /** Null when Docker is not read. */
  readonly docker: SourceResult<DockerSnapshot> | null;
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${Math.round(x * 100)}%`);

/**
 * The "sync readiness" checks (API, database, cache, worker, queue) from what the
 * sources found. Pure, so every rule is unit-tested without a server.
 */
export function deriveReadiness(input: ReadinessInputs): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [];
  const probe = (r: ProbeResult, critical: boolean): ReadinessCheck => ({
    name: r.name,
    level: r.level,
    critical,
    detail: r.detail,
    latencyMs: r.latencyMs,
  });
  if (input.database !== null) checks.push(probe({ ...input.database, name: 'database' }, true));
  for (const p of input.probes) checks.push(probe(p.result, p.critical));

  const d = input.docker;
  if (d !== null) {
    const detail = d.ok
      ? `${d.data.endpoint}: ${d.data.services.length} service(s), ${d.data.services.reduce((n, svc) => n + svc.running, 0)} ${instanceNoun(d.data.provider, 'plural')} running`
      : d.error;
    checks.push({
      name: 'docker',
      level: d.ok ? 'ok' : 'fail',
      critical: false,
      detail,
      latencyMs: null,
    });
  }
  const dockerWorkers =
    d?.ok === true && d.data.services.some((s) => s.role === 'worker')
      ? { ...d.data.workers, provider: d.data.provider }
      : null;

  const q = input.queue;
  if (q === null) {
    if (dockerWorkers !== null) checks.push(containerWorkerCheck(dockerWorkers));
    return checks;
  }
  if (!q.ok) {
    checks.push({
      name: 'queue',
      level: 'fail',
      critical: false,
      detail: q.error,
      latencyMs: null,
    });
    checks.push(
      dockerWorkers !== null
        ? containerWorkerCheck(dockerWorkers)
        : {
            name: 'worker',
            level: 'unknown',
            critical: false,
            detail: 'queue unreadable',
            latencyMs: null,
          },
    );
    return checks;
  }
  const s = q.data;
  // Worker containers are the direct evidence where the system keeps no heartbeats.
  checks.push(
    dockerWorkers !== null && s.workers === null
      ? containerWorkerCheck(dockerWorkers)
      : workerCheck(s, input.thresholds),
  );

  const t = input.thresholds;
  const problems: string[] = [];
  let level: ReadinessCheck['level'] = 'ok';
  const failureRate = s.window.failureRate;
  if (failureRate !== null && failureRate > t.failureRateCritical) {
    level = 'fail';
    problems.push(`failure rate ${pct(failureRate)} > ${pct(t.failureRateCritical)}`);
  }
  const warn = (text: string): void => {
    if (level === 'ok') level = 'warn';
    problems.push(text);
  };
  if (s.waiting > t.queueDepthWarn) warn(`${s.waiting} waiting > ${t.queueDepthWarn}`);
  if (s.stuck.length > 0) warn(`${s.stuck.length} stuck`);
  const noStart = s.blockers.filter((b) => b.kind === 'queued-no-start').length;
  if (noStart > 0) warn(`${noStart} queued with no start time`);
  const summary = `${s.waiting} waiting, ${s.inFlight} running, ${s.stuck.length} stuck, failure ${pct(failureRate)} (${formatAge(s.window.windowSeconds)})`;
  checks.push({
    name: 'queue',
    level,
    critical: false,
    detail: problems.length === 0 ? summary : `${problems.join('; ')} — ${summary}`,
    latencyMs: s.refresh.elapsedMs,
  });
  return checks;
}

/** What one instance is called: a Docker container, a supervisor program, a systemd unit. */
function instanceNoun(provider: DockerSnapshot['provider'], form: 'one' | 'plural'): string {
  const [one, plural] =
    provider === 'supervisor'
      ? ['program', 'programs']
      : provider === 'systemd'
        ? ['unit', 'units']
        : provider === 'processes'
          ? ['process', 'processes']
          : ['container', 'containers'];
  return form === 'one' ? one : plural;
}

/** From Docker or a provider: no running worker is DOWN, fewer than configured DEGRADED. */
function containerWorkerCheck(w: {
  readonly running: number;
  readonly total: number;
  readonly provider: DockerSnapshot['provider'];
}): ReadinessCheck {
  const base = { name: 'worker', latencyMs: null, critical: true } as const;
  const plural = instanceNoun(w.provider, 'plural');
  if (w.running === 0)
    return {
      ...base,
      level: 'fail',
      detail: `no worker ${instanceNoun(w.provider, 'one')} running (0 of ${w.total})`,
    };
  if (w.running < w.total)
    return {
      ...base,
      level: 'warn',
      detail: `${w.running} of ${w.total} worker ${plural} running`,
    };
  return { ...base, level: 'ok', detail: `${w.running} of ${w.total} worker ${plural} running` };
}

function workerCheck(s: QueueSnapshot, t: Thresholds): ReadinessCheck {
  const base = { name: 'worker', latencyMs: null } as const;
  if (s.workers !== null) {
    const active = s.workers.filter((w) => w.state === 'active').length;
    const stale = s.workers.length - active;
    if (active === 0 && (s.waiting > 0 || s.workers.length > 0)) {
      return {
        ...base,
        level: 'fail',
        critical: true,
        detail: `no live worker (${stale} with a heartbeat older than ${formatAge(t.staleHeartbeat / 1000)})`,
      };
    }
    if (stale > 0) {
      return {
        ...base,
        level: 'warn',
        critical: true,
        detail: `${active} live, ${stale} stale (no heartbeat for ${formatAge(t.staleHeartbeat / 1000)})`,
      };
    }
    return {
      ...base,
      level: active === 0 ? 'unknown' : 'ok',
      critical: true,
      detail: `${active} live worker${active === 1 ? '' : 's'}`,
    };
  }
  // No heartbeats (QFieldCloud): judge from the queue until the Docker source says more.
  const oldest = s.oldestWaiting?.ageSeconds ?? 0;
  if (s.waiting > 0 && s.inFlight === 0 && oldest * 1000 > t.staleHeartbeat) {
    return {
      ...base,
      level: 'warn',
      critical: false,
      detail: `${s.waiting} job(s) waiting ${formatAge(oldest)} and none running: is any worker up?`,
    };
  }
  if (s.inFlight > 0) {
    return { ...base, level: 'ok', critical: false, detail: `${s.inFlight} job(s) running` };
  }
  return {
    ...base,
    level: 'unknown',
    critical: false,
    detail: 'idle; no heartbeats in this system (worker containers come from Docker)',
  };
}
