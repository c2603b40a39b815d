import type { AlertThresholds } from '../alert-thresholds.js';
import type { AlertRule } from '../alert-rule.js';
import { freshData } from './fresh-data.js';

/**
 * Too many jobs waiting. Hysteresis like the operators' rule of thumb: fires above
 * `queueDepthWarn`, clears only below `queueDepthGood`, so a depth hovering around the
 * limit does not fire and resolve on every check.
 */
export function queueDepthRule(t: AlertThresholds): AlertRule {
  return {
    id: 'queue-depth',
    description: 'too many jobs are waiting',
    severity: 'warning',
    forChecks: 1,
    cooldownMs: t.alertCooldown,
    threshold: `> ${t.queueDepthWarn} waiting (clears < ${t.queueDepthGood})`,
    check({ snapshot, firing }) {
      const queue = freshData(snapshot.queue);
      if (queue === null) return { findings: null };
      const over = queue.waiting > t.queueDepthWarn;
      const held = firing.has('queue') && queue.waiting >= t.queueDepthGood;
      if (!over && !held) return { findings: [] };
      return {
        findings: [
          {
            subject: 'queue',
            summary: `${queue.waiting} jobs waiting (warn > ${t.queueDepthWarn}, good < ${t.queueDepthGood})`,
          },
        ],
      };
    },
  };
}
