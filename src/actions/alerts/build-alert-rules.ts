import type { Thresholds } from '../../config/thresholds-schema.js';
import type { AlertsConfig } from '../../config/alerts-config-schema.js';
import type { AlertThresholds } from './alert-thresholds.js';
import type { AlertRule } from './alert-rule.js';
import { ALERT_RULE_IDS } from '../../config/alert-rule-ids.js';
import { defaultAlertRules } from './default-alert-rules.js';

/** Defaults of the alert-only thresholds: the operators' habits. */
const EXTRA_DEFAULTS = {
  crashLoopRestarts: 3,
  crashLoopWindow: 600_000,
  idleAfter: 120_000,
  failureRateMinJobs: 5,
  heartbeatForgetAfter: 86_400_000,
} as const;

/**
 * The rules to evaluate: the defaults with the global thresholds (config `thresholds:`,
 * already resolved per target), then each rule's overrides from `alerts.rules.<id>`.
 * Cooldown: the rule's `cooldown`, else its `thresholds.alertCooldown`, else the global.
 * Disabled rules are left out (their saved state is dropped on restore).
 */
export function buildAlertRules(config: AlertsConfig, thresholds: Thresholds): AlertRule[] {
  if (!config.enabled) return [];
  const base: AlertThresholds = { ...EXTRA_DEFAULTS, ...thresholds };
  const rules: AlertRule[] = [];
  for (const id of ALERT_RULE_IDS) {
    const override = config.rules[id];
    if (override?.enabled === false) continue;
    const t = { ...base, ...stripUndefined(override?.thresholds ?? {}) };
    const rule = defaultAlertRules[id](t);
    rules.push({
      ...rule,
      severity: override?.severity ?? rule.severity,
      forChecks: override?.for ?? rule.forChecks,
      cooldownMs: override?.cooldown ?? rule.cooldownMs,
    });
  }
  return rules;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
