import type { WorkerReport } from '../core/assemble-snapshot.js';
import type { WorkerEvidence } from '../core/worker-state.js';
import { parseRqTimestamp } from './parse-rq-timestamp.js';
import type { RqRawWorker } from './rq-raw-state.js';
import type { RqRunningJob } from './rq-running-job.js';

const WORKER_PREFIX = 'rq:worker:';

/**
 * Pure: what rq says of each worker's liveness, as the core's worker-state rule reads it
 * (queues.md §1.5). The key `rq:worker:<name>` is the proof: gone = dead. While it exists,
 * only a busy worker beats on a short clock (every 30 s), so its heartbeat age decides; an
 * idle one refreshes `last_heartbeat` only every `worker_ttl − 15` s (405 s), so its key
 * alone does. A worker named by an in-flight job but absent from `rq:workers` (rq removes
 * members only on a clean death or in maintenance) is judged by its key the same way.
 */
export function rqWorkerReports(
  workers: readonly RqRawWorker[],
  running: readonly RqRunningJob[],
  nowMs: number,
): { workers: WorkerReport[]; unlistedWorker: (id: string) => WorkerEvidence } {
  const reports = workers.map((w): WorkerReport => {
    const lastHeartbeatAt = parseRqTimestamp(w.lastHeartbeat);
    const alive = w.exists === 1;
    return {
      id: w.key.startsWith(WORKER_PREFIX) ? w.key.slice(WORKER_PREFIX.length) : w.key,
      lastHeartbeatAt,
      ageSeconds: lastHeartbeatAt === null ? null : (nowMs - lastHeartbeatAt) / 1000,
      livenessKey: alive,
      beatsRegularly: alive && w.state === 'busy',
      pid: w.pid,
      hostname: w.hostname,
    };
  });
  const gone = new Set<string>();
  for (const job of running)
    if (job.workerGone && job.ref.worker !== null) gone.add(job.ref.worker);
  return {
    workers: reports,
    unlistedWorker: (id) => ({
      ageSeconds: null,
      livenessKey: !gone.has(id),
      beatsRegularly: false,
    }),
  };
}
