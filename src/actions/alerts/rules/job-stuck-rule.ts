import { formatAge } from '../../../shared/format-age.js';
import type { AlertThresholds } from '../alert-thresholds.js';
import type { AlertRule } from '../alert-rule.js';
import { freshData } from './fresh-data.js';

/**
 * Jobs stuck in flight. The queue source already applies `stuckAfter` (and preset rules
 * such as QFieldCloud's worker timeout), so this rule reads its `stuck` list. One alert
 * for the queue, not one per job: fifty stuck jobs are one incident, not fifty e-mails.
 */
export function jobStuckRule(t: AlertThresholds): AlertRule {
  return {
    id: 'job-stuck',
    description: 'jobs are stuck in flight',
    severity: 'warning',
    forChecks: 1,
    cooldownMs: t.alertCooldown,
    threshold: `in flight > ${formatAge(t.stuckAfter / 1000)}`,
    check({ snapshot }) {
      const queue = freshData(snapshot.queue);
      if (queue === null) return { findings: null };
      if (queue.stuck.length === 0) return { findings: [] };
      const oldest = queue.stuck.reduce((a, b) => (b.ageSeconds > a.ageSeconds ? b : a));
      const n = queue.stuck.length;
      return {
        findings: [
          {
            subject: 'queue',
            summary: `${n} job${n === 1 ? '' : 's'} stuck; oldest ${oldest.id}${oldest.type === null ? '' : ` (${oldest.type})`}: ${oldest.reason}`,
          },
        ],
      };
    },
  };
}
