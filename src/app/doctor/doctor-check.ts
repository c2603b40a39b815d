/** One line of `jobdeck doctor`: what was checked, the outcome, and the fix when it failed. */
export interface DoctorCheck {
  readonly name: string;
  readonly level: 'ok' | 'warn' | 'fail' | 'skip';
  readonly detail: string;
  /** What to do, when the check did not pass. */
  readonly fix: string | null;
  readonly latencyMs: number | null;
}

/** Exit code like `status`: 2 when anything failed, 1 for warnings, else 0. */
export function doctorExitCode(checks: readonly DoctorCheck[]): 0 | 1 | 2 {
  if (checks.some((c) => c.level === 'fail')) return 2;
  if (checks.some((c) => c.level === 'warn')) return 1;
  return 0;
}
