import { formatAge } from '../../../shared/format-age.js';
import type { AlertThresholds } from '../alert-thresholds.js';
import type { AlertRule } from '../alert-rule.js';
import { freshData } from './fresh-data.js';

/**
 * Jobs wait and nothing runs although workers are up: the workers stopped dequeuing
 * (QFieldCloud's worker_wrapper losing its database connection). When Docker shows no
 * running worker at all this stays quiet: `worker-not-running` is the right alert then.
 */
export function workersIdleRule(t: AlertThresholds): AlertRule {
  return {
    id: 'workers-idle',
    description: 'workers are idle while jobs wait',
    severity: 'critical',
    forChecks: 1,
    cooldownMs: t.alertCooldown,
    threshold: `jobs waiting > ${formatAge(t.idleAfter / 1000)}, none running`,
    check({ snapshot }) {
      const queue = freshData(snapshot.queue);
      if (queue === null) return { findings: null };
      const oldestS = queue.oldestWaiting?.ageSeconds ?? null;
      if (queue.waiting === 0 || queue.inFlight > 0 || oldestS === null) return { findings: [] };
      if (oldestS * 1000 < t.idleAfter) return { findings: [] };
      const docker = freshData(snapshot.docker);
      let up: string;
      if (docker !== null) {
        if (docker.workers.running === 0) return { findings: [] };
        up = `${docker.workers.running} worker container(s) running`;
      } else if (queue.workers !== null) {
        const live = queue.workers.filter((w) => w.state === 'active').length;
        if (live === 0) return { findings: [] };
        up = `${live} worker(s) with a live heartbeat`;
      } else {
        // Neither Docker nor heartbeats: jobs waiting with none running is the evidence.
        up = 'no worker data';
      }
      return {
        findings: [
          {
            subject: 'queue',
            summary: `${queue.waiting} job(s) waiting (oldest ${formatAge(oldestS)}) and none running; ${up}`,
          },
        ],
      };
    },
  };
}
