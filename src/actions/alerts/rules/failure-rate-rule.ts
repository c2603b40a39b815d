import { formatAge } from '../../../shared/format-age.js';
import type { AlertThresholds } from '../alert-thresholds.js';
import type { AlertRule } from '../alert-rule.js';
import { freshData } from './fresh-data.js';

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/**
 * Failure rate over the queue source's window (default the last hour) above the limit.
 * Needs `failureRateMinJobs` completed jobs: one failure out of two is not a 50 % outage.
 */
export function failureRateRule(t: AlertThresholds): AlertRule {
  return {
    id: 'failure-rate',
    description: 'too many jobs fail',
    severity: 'critical',
    forChecks: 1,
    cooldownMs: t.alertCooldown,
    threshold: `> ${pct(t.failureRateCritical)} of ≥ ${t.failureRateMinJobs} jobs`,
    check({ snapshot }) {
      const queue = freshData(snapshot.queue);
      if (queue === null) return { findings: null };
      const w = queue.window;
      const completed = w.succeeded + w.failed;
      const rate = w.failureRate;
      if (rate === null || !Number.isFinite(rate) || completed < t.failureRateMinJobs) {
        return { findings: [] };
      }
      if (rate <= t.failureRateCritical) return { findings: [] };
      return {
        findings: [
          {
            subject: 'queue',
            summary: `${pct(rate)} of jobs failed in the last ${formatAge(w.windowSeconds)} (${w.failed} of ${completed}; limit ${pct(t.failureRateCritical)})`,
          },
        ],
      };
    },
  };
}
