import { formatAge } from '../../../shared/format-age.js';
import type { RqRunningJob } from './rq-running-job.js';

/** Why an in-flight job is orphaned (its worker key gone, its wip score lapsed), or null. */
export function rqStuckReason(job: RqRunningJob, nowS: number): string | null {
  const parts: string[] = [];
  const worker = job.ref.worker;
  if (job.workerGone && worker !== null) {
    parts.push(`worker ${worker} is gone (rq:worker key expired or deleted)`);
  }
  if (job.lapsed) {
    parts.push(
      `heartbeat lapsed ${formatAge(nowS - job.scoreS)} ago (rq:wip score in the past${worker === null ? '' : `, worker ${worker}`})`,
    );
  }
  if (parts.length === 0) return null;
  const started =
    job.ref.startedAt === null ? '' : `; started ${formatAge(job.ref.ageSeconds)} ago`;
  return `${parts.join('; ')}${started}`;
}
