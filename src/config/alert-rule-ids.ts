/** The default rules (issue 7), in the order the config printer lists them. */
export const ALERT_RULE_IDS = [
  'worker-not-running',
  'worker-memory',
  'job-stuck',
  'workers-idle',
  'database-unreachable',
  'queue-depth',
  'failure-rate',
  'heartbeat-stale',
  'crash-loop',
  'api-readiness',
] as const;
