import { formatAge } from '../../../shared/format-age.js';
import type { WorkerHeartbeat } from '../core/queue-snapshot.js';

/** Why a dead worker's job is orphaned: its key is gone, or its busy heartbeat is too old. */
export function rqDeadWorkerReason(
  worker: WorkerHeartbeat,
  keyGone: boolean,
  deadAfterMs: number,
): string {
  if (keyGone || worker.ageSeconds === null) {
    return `worker ${worker.id} is gone (rq:worker key expired or deleted)`;
  }
  return `worker ${worker.id} last beat ${formatAge(worker.ageSeconds)} ago while busy (dead after ${formatAge(deadAfterMs / 1000)})`;
}
