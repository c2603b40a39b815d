import type { AlertThresholds } from '../alert-thresholds.js';
import type { AlertRule } from '../alert-rule.js';

/** The readiness check `database` fails (the queue read failed and `SELECT 1` did too). */
export function databaseUnreachableRule(t: AlertThresholds): AlertRule {
  return {
    id: 'database-unreachable',
    description: 'the queue database is unreachable',
    severity: 'critical',
    forChecks: 1,
    cooldownMs: t.alertCooldown,
    threshold: 'readiness check "database" fails',
    check({ snapshot }) {
      // No readiness yet: the first refresh has not completed, so nothing is known.
      if (snapshot.verdict === null) return { findings: null };
      const check = snapshot.readiness.find((c) => c.name === 'database');
      if (check === undefined || check.level !== 'fail') return { findings: [] };
      return {
        findings: [{ subject: 'database', summary: `database unreachable: ${check.detail}` }],
      };
    },
  };
}
