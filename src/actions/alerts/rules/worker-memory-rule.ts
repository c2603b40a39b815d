import type { AlertThresholds } from '../alert-thresholds.js';
import type { AlertRule } from '../alert-rule.js';
import { freshData } from './fresh-data.js';
import { workerContainersOf } from '../../../sinks/history/worker-containers-of.js';

/**
 * A running worker over the memory limit. Compared with the page-cache-free MiB that the
 * Workers panel shows (`memoryMb` is named in MB like the operators' scripts; the panel
 * compares the same two numbers, so the alert and the highlight agree).
 */
export function workerMemoryRule(t: AlertThresholds): AlertRule {
  return {
    id: 'worker-memory',
    description: 'a worker container uses more memory than the limit',
    severity: 'warning',
    forChecks: 1,
    cooldownMs: t.alertCooldown,
    threshold: `> ${t.memoryMb} MB`,
    check({ snapshot }) {
      const docker = freshData(snapshot.docker);
      if (docker === null) return { findings: null };
      const findings = [];
      for (const c of workerContainersOf(docker)) {
        const mib = c.resources?.memoryMiB ?? null;
        if (c.state !== 'running' || mib === null || !Number.isFinite(mib)) continue;
        if (mib > t.memoryMb) {
          findings.push({
            subject: c.name,
            summary: `worker ${c.name} uses ${Math.round(mib)} MiB > ${t.memoryMb} MB`,
          });
        }
      }
      return { findings };
    },
  };
}
