import { workerContainersOf } from './worker-containers-of.js';
import type { AppSnapshot } from '../../store/app-snapshot.js';
import type { HistoryRow } from './history-row.js';

const finite = (value: number | null | undefined): number | null =>
  value !== null && value !== undefined && Number.isFinite(value) ? value : null;

/** Sum of the known values; null when none is known (all gaps stay a gap). */
function sumKnown(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}

/**
 * One history sample from the store's snapshot. Only fresh data counts: a failing
 * source's last good numbers are history already, so its columns become gaps.
 * Workers come from Docker when it answers, else from heartbeats (live / known).
 */
export function historyRowFromSnapshot(
  snapshot: AppSnapshot,
  at: number,
  resolutionMs: number,
): HistoryRow {
  const q = snapshot.queue.status === 'ok' ? snapshot.queue.data : null;
  const d = snapshot.docker.status === 'ok' ? snapshot.docker.data : null;
  const queued = q === null ? null : (q.counts.queued ?? 0);
  let workersRunning: number | null = null;
  let workersTotal: number | null = null;
  let workerCpu: number | null = null;
  let workerMemMb: number | null = null;
  if (d !== null) {
    workersRunning = d.workers.running;
    workersTotal = d.workers.total;
    const running = workerContainersOf(d).filter((c) => c.state === 'running');
    workerCpu = sumKnown(running.map((c) => c.resources?.cpuPercent ?? null));
    workerMemMb = sumKnown(running.map((c) => c.resources?.memoryMiB ?? null));
  } else if (q?.workers != null) {
    workersRunning = q.workers.filter((w) => w.state === 'active').length;
    workersTotal = q.workers.length;
  }
  return {
    at,
    resolutionMs,
    samples: 1,
    queueDepth: q === null ? null : q.waiting,
    // Presets name their waiting statuses differently; `pending` is whatever waits
    // outside `queued` (QFieldCloud's pending), so pending + queued = queue depth.
    pending: q === null || queued === null ? null : Math.max(0, q.waiting - queued),
    queued,
    started: q === null ? null : q.inFlight,
    finished1h: q === null ? null : q.window.succeeded,
    failed1h: q === null ? null : q.window.failed,
    failureRate: finite(q?.window.failureRate),
    throughputPerMin: finite(q?.window.throughputPerMin),
    stuck: q === null ? null : q.stuck.length,
    workersRunning,
    workersTotal,
    workerCpu: finite(workerCpu),
    workerMemMb: finite(workerMemMb),
  };
}
