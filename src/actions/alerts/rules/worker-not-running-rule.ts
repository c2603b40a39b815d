import type { AlertThresholds } from '../alert-thresholds.js';
import type { AlertRule } from '../alert-rule.js';
import { freshData } from './fresh-data.js';
import { workerContainersOf } from '../../../sinks/history/worker-containers-of.js';

/** A worker replica that is not running (exited, restarting, paused, dead) for N checks. */
export function workerNotRunningRule(t: AlertThresholds): AlertRule {
  return {
    id: 'worker-not-running',
    description: 'a worker container is not running',
    severity: 'critical',
    forChecks: t.workerFailedChecks,
    cooldownMs: t.alertCooldown,
    threshold: 'state ≠ running',
    check({ snapshot }) {
      const docker = freshData(snapshot.docker);
      if (docker === null) return { findings: null };
      return {
        findings: workerContainersOf(docker)
          .filter((c) => c.state !== 'running')
          .map((c) => ({
            subject: c.name,
            summary: `worker ${c.name} is ${c.state}${c.exitCode === null ? '' : ` (exit ${c.exitCode}${c.oomKilled ? ', OOM-killed' : ''})`}`,
          })),
      };
    },
  };
}
