import type { StuckJob } from './queue-snapshot.js';
import type { CleanupItem } from './queue-source.js';

/** A stuck job as a cleanup plan item: the id, its status, its age and why it is stuck. */
export function cleanupItemOf(job: StuckJob): CleanupItem {
  return { id: job.id, status: job.status, ageSeconds: job.ageSeconds, reason: job.reason };
}
