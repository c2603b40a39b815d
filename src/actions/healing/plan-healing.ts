import type { Thresholds } from '../../config/thresholds-schema.js';
import { formatAge } from '../../shared/format-age.js';
import type { CleanupKind } from '../../sources/queue/core/queue-source.js';
import type { AppSnapshot } from '../../store/app-snapshot.js';
import type { HealingIntent } from './healing-intent.js';
import type { HealingState } from './healing-state.js';

export interface HealingPolicy {
  readonly thresholds: Thresholds;
  /** Restarts allowed per service in `budgetWindowMs` (default 3 per hour). */
  readonly restartBudget: number;
  readonly budgetWindowMs: number;
  /** Waiting jobs older than this are marked failed ("Auto-cleanup: stuck >24 hours"). */
  readonly staleWaitingMs: number;
  /** Cleanup kinds the queue source offers. */
  readonly cleanupKinds: readonly CleanupKind[];
  /** Waiting this long with nothing running counts as "workers idle" (default 2 min). */
  readonly idleAfterMs: number;
}

/**
 * Decides the self-healing of one check (issue 7): restart a worker container after
 * `workerFailedChecks` failed checks or over the memory limit; fail jobs that waited
 * longer than a day; fail the jobs of workers proven dead by a stale heartbeat — never
 * by elapsed time alone. Restarts stay within a budget per service; past it the service
 * is left alone and reported once. Pure: the monitor runs the intents as audited actions.
 */
export function planHealing(
  snapshot: AppSnapshot,
  state: HealingState,
  policy: HealingPolicy,
  now: number,
): { intents: HealingIntent[]; state: HealingState } {
  const intents: HealingIntent[] = [];
  const downChecks = new Map<string, number>();
  const restarts = new Map<string, number[]>();
  for (const [service, times] of state.restarts) {
    const recent = times.filter((t) => now - t < policy.budgetWindowMs);
    if (recent.length > 0) restarts.set(service, recent);
  }
  const exhausted = new Set(
    [...state.exhausted].filter((s) => (restarts.get(s)?.length ?? 0) >= policy.restartBudget),
  );

  const restart = (service: string, id: string, name: string, reason: string): void => {
    const used = restarts.get(service) ?? [];
    if (used.length >= policy.restartBudget) {
      if (!exhausted.has(service)) {
        exhausted.add(service);
        intents.push({
          kind: 'budget-exhausted',
          service,
          reason: `restart budget of ${policy.restartBudget} per ${formatAge(policy.budgetWindowMs / 1000)} used up for ${service}: no more automatic restarts; ${name} needs a person (${reason})`,
        });
      }
      return;
    }
    restarts.set(service, [...used, now]);
    intents.push({
      kind: 'restart-container',
      containerId: id,
      containerName: name,
      service,
      reason,
    });
  };

  const docker = snapshot.docker.status === 'ok' ? snapshot.docker.data : null;
  if (docker !== null) {
    for (const svc of docker.services) {
      if (svc.role !== 'worker') continue;
      for (const c of svc.containers) {
        if (c.state !== 'running') {
          const n = (state.downChecks.get(c.id) ?? 0) + 1;
          downChecks.set(c.id, n);
          if (n >= policy.thresholds.workerFailedChecks) {
            restart(svc.key, c.id, c.name, `${c.name} not running for ${n} checks (${c.status})`);
            downChecks.set(c.id, 0);
          }
          continue;
        }
        const mib = c.resources?.memoryMiB ?? null;
        if (mib !== null && mib > policy.thresholds.memoryMb) {
          restart(
            svc.key,
            c.id,
            c.name,
            `${c.name} uses ${Math.round(mib)} MiB, over ${policy.thresholds.memoryMb} MB`,
          );
        }
      }
    }
  }

  const queue = snapshot.queue.status === 'ok' ? snapshot.queue.data : null;

  // Workers idle while jobs wait (a wedged dequeue loop): after the same number of
  // consecutive checks as a stopped worker, restart the running worker containers.
  let idleChecks = 0;
  const waitedMs =
    queue?.oldestWaiting === null || queue === null ? 0 : queue.at - queue.oldestWaiting.createdAt;
  const runningWorkers =
    docker?.services
      .filter((s) => s.role === 'worker')
      .flatMap((s) =>
        s.containers.filter((c) => c.state === 'running').map((c) => ({ svc: s.key, c })),
      ) ?? [];
  if (
    queue !== null &&
    queue.waiting > 0 &&
    queue.inFlight === 0 &&
    waitedMs > policy.idleAfterMs &&
    runningWorkers.length > 0
  ) {
    idleChecks = state.idleChecks + 1;
    if (idleChecks >= policy.thresholds.workerFailedChecks) {
      for (const { svc, c } of runningWorkers) {
        restart(
          svc,
          c.id,
          c.name,
          `${String(queue.waiting)} job(s) waiting ${formatAge(waitedMs / 1000)} and none running while ${c.name} is up`,
        );
      }
      idleChecks = 0;
    }
  }
  if (queue !== null) {
    const nowMs = queue.at;
    const stale =
      policy.cleanupKinds.includes('stale-waiting') &&
      queue.oldestWaiting !== null &&
      nowMs - queue.oldestWaiting.createdAt > policy.staleWaitingMs;
    if (stale) {
      intents.push({
        kind: 'cleanup',
        cleanup: 'stale-waiting',
        reason: `jobs waiting longer than ${formatAge(policy.staleWaitingMs / 1000)}`,
      });
    }
    // Proven dead only (a stale heartbeat, or rq's worker key gone), by the source's own
    // rule in its cleanup plan — never a long-running job on a live worker.
    const suspect = (queue.workers ?? []).some((w) => w.state !== 'active' && w.runningJobs > 0);
    if (suspect && policy.cleanupKinds.includes('dead-workers')) {
      intents.push({
        kind: 'cleanup',
        cleanup: 'dead-workers',
        reason: 'jobs held by workers whose heartbeat stopped',
      });
    }
  }
  // No heartbeats (QFieldCloud): a started job whose per-job container is gone or
  // stopped, check after check, lost its worker. Only when Docker shows job containers
  // at all — otherwise the label config may simply not match, and nothing is proven.
  const orphanChecks = new Map<string, number>();
  if (queue !== null && queue.workers === null && docker !== null && docker.jobs.length > 0) {
    const alive = new Set(
      docker.jobs
        .filter((c) => c.state === 'running')
        .map((c) => c.job?.id)
        .filter((id): id is string => id != null),
    );
    const proven: string[] = [];
    for (const job of queue.running) {
      if (alive.has(job.id) || job.ageSeconds * 1000 < policy.idleAfterMs) continue;
      const n = (state.orphanChecks.get(job.id) ?? 0) + 1;
      orphanChecks.set(job.id, n);
      if (n >= policy.thresholds.workerFailedChecks) proven.push(job.id);
    }
    if (proven.length > 0) {
      intents.push({
        kind: 'fail-orphans',
        ids: proven,
        reason: `${String(proven.length)} started job(s) whose job container is gone`,
      });
    }
  }
  return { intents, state: { downChecks, restarts, exhausted, idleChecks, orphanChecks } };
}
