/**
 * The outcome of one readiness probe (an HTTP endpoint, a TCP port, memcached,
 * PostgreSQL) or of a check derived from other data (workers, queue).
 *
 * Probes never throw: every failure becomes `ok: false` with a one-line `detail`
 * that is safe to print (secrets redacted) and says what was tried and what happened.
 */
export interface ProbeResult {
  name: string;
  kind: 'http' | 'tcp' | 'memcached' | 'postgres' | 'derived';
  /** True exactly when `level` is 'ok'. */
  ok: boolean;
  /** 'unknown' when the probe could not be evaluated (e.g. it was aborted). */
  level: 'ok' | 'warn' | 'fail' | 'unknown';
  /** Milliseconds until the answer; null when there was no answer. */
  latencyMs: number | null;
  /** One short line, redacted. */
  detail: string;
}
