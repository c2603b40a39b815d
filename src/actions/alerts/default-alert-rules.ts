import type { AlertThresholds } from './alert-thresholds.js';
import type { AlertRule } from './alert-rule.js';
import type { ALERT_RULE_IDS } from '../../config/alert-rule-ids.js';
import { apiReadinessRule } from './rules/api-readiness-rule.js';
import { crashLoopRule } from './rules/crash-loop-rule.js';
import { databaseUnreachableRule } from './rules/database-unreachable-rule.js';
import { failureRateRule } from './rules/failure-rate-rule.js';
import { heartbeatStaleRule } from './rules/heartbeat-stale-rule.js';
import { jobStuckRule } from './rules/job-stuck-rule.js';
import { queueDepthRule } from './rules/queue-depth-rule.js';
import { workerMemoryRule } from './rules/worker-memory-rule.js';
import { workerNotRunningRule } from './rules/worker-not-running-rule.js';
import { workersIdleRule } from './rules/workers-idle-rule.js';

/** The rule factories by id; `satisfies` keeps this list and ALERT_RULE_IDS in step. */
export const defaultAlertRules = {
  'worker-not-running': workerNotRunningRule,
  'worker-memory': workerMemoryRule,
  'job-stuck': jobStuckRule,
  'workers-idle': workersIdleRule,
  'database-unreachable': databaseUnreachableRule,
  'queue-depth': queueDepthRule,
  'failure-rate': failureRateRule,
  'heartbeat-stale': heartbeatStaleRule,
  'crash-loop': crashLoopRule,
  'api-readiness': apiReadinessRule,
} as const satisfies Record<(typeof ALERT_RULE_IDS)[number], (t: AlertThresholds) => AlertRule>;
