/**
 * The one-word answer to "is it working?" (DESIGN.md): `jobdeck status` prints it and
 * exits with its code, so cron jobs and Nagios can act on it.
 */
export type Verdict = 'OPERATIONAL' | 'DEGRADED' | 'DOWN';

export interface ReadinessCheck {
  name: string;
  level: 'ok' | 'warn' | 'fail' | 'unknown';
  /** A critical failure means users cannot sync at all (API, database). */
  critical: boolean;
  detail: string;
  latencyMs: number | null;
}

/**
 * DOWN if any critical check fails; DEGRADED if a non-critical check fails or any
 * check warns; OPERATIONAL otherwise. 'unknown' checks are ignored: a check that
 * could not be evaluated is not evidence of a problem (and its panel says so).
 */
export function computeVerdict(checks: readonly ReadinessCheck[]): Verdict {
  if (checks.some((check) => check.critical && check.level === 'fail')) return 'DOWN';
  if (checks.some((check) => check.level === 'fail' || check.level === 'warn')) return 'DEGRADED';
  return 'OPERATIONAL';
}

/** The exit code of `jobdeck status`: 0 healthy, 1 degraded, 2 down. */
export function verdictExitCode(verdict: Verdict): 0 | 1 | 2 {
  switch (verdict) {
    case 'OPERATIONAL':
      return 0;
    case 'DEGRADED':
      return 1;
    case 'DOWN':
      return 2;
  }
}
