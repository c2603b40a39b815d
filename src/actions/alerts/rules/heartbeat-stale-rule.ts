import { formatAge } from '../../../shared/format-age.js';
import type { AlertThresholds } from '../alert-thresholds.js';
import type { AlertRule } from '../alert-rule.js';
import { freshData } from './fresh-data.js';

/**
 * A worker's heartbeat is older than `staleHeartbeat` (the queue source classifies it),
 * in systems that keep heartbeats (RGrid, SQLite queues, RQ; not QFieldCloud). A worker
 * silent for longer than `heartbeatForgetAfter` that holds no job is a leftover row of
 * a scaled-down worker, not an incident; one that still holds jobs always counts.
 */
export function heartbeatStaleRule(t: AlertThresholds): AlertRule {
  return {
    id: 'heartbeat-stale',
    description: 'a worker stopped sending heartbeats',
    severity: 'warning',
    forChecks: 1,
    cooldownMs: t.alertCooldown,
    threshold: `no heartbeat > ${formatAge(t.staleHeartbeat / 1000)}`,
    check({ snapshot }) {
      const queue = freshData(snapshot.queue);
      if (queue === null) return { findings: null };
      if (queue.workers === null) return { findings: [] };
      const findings = [];
      for (const w of queue.workers) {
        if (w.state === 'active') continue;
        const recent = w.ageSeconds !== null && w.ageSeconds * 1000 <= t.heartbeatForgetAfter;
        if (w.runningJobs === 0 && !recent) continue;
        const age =
          w.ageSeconds === null ? 'never beat' : `last beat ${formatAge(w.ageSeconds)} ago`;
        const jobs = w.runningJobs === 0 ? '' : `, holds ${w.runningJobs} running job(s)`;
        findings.push({ subject: w.id, summary: `worker ${w.id} is ${w.state}: ${age}${jobs}` });
      }
      return { findings };
    },
  };
}
