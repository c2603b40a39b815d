import type { AlertThresholds } from '../alert-thresholds.js';
import type { AlertRule } from '../alert-rule.js';

/** A configured HTTP readiness probe fails (QFieldCloud's `/api/v1/status/`). */
export function apiReadinessRule(t: AlertThresholds): AlertRule {
  return {
    id: 'api-readiness',
    description: 'an HTTP readiness probe fails',
    severity: 'critical',
    forChecks: 1,
    cooldownMs: t.alertCooldown,
    threshold: 'HTTP probe level = fail',
    check({ snapshot }) {
      const probes = snapshot.probes;
      if (probes.status === 'off') return { findings: [] };
      if (probes.status !== 'ok') return { findings: null };
      return {
        findings: probes.data
          .filter((p) => p.result.kind === 'http' && p.result.level === 'fail')
          .map((p) => ({
            subject: p.result.name,
            summary: `readiness probe ${p.result.name} fails: ${p.result.detail}`,
          })),
      };
    },
  };
}
