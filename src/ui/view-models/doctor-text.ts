import type { DoctorCheck } from '../../app/doctor/doctor-check.js';

const MARK: Record<DoctorCheck['level'], string> = {
  ok: 'ok  ',
  warn: 'WARN',
  fail: 'FAIL',
  skip: '--  ',
};
const COLOR: Record<DoctorCheck['level'], string> = {
  ok: '\u001b[32m',
  warn: '\u001b[33m',
  fail: '\u001b[31m',
  skip: '\u001b[90m',
};

/** `jobdeck doctor` output: one line per check, the fix indented below a failure. Pure. */
export function doctorText(checks: readonly DoctorCheck[], options: { color: boolean }): string[] {
  const width = Math.max(...checks.map((c) => c.name.length), 8);
  const lines: string[] = [];
  for (const c of checks) {
    const mark = options.color ? `${COLOR[c.level]}${MARK[c.level]}\u001b[0m` : MARK[c.level];
    const latency = c.latencyMs === null ? '' : ` (${Math.round(c.latencyMs)} ms)`;
    lines.push(`${mark}  ${c.name.padEnd(width)}  ${c.detail}${latency}`);
    if (c.fix !== null) lines.push(`${' '.repeat(width + 8)}fix: ${c.fix}`);
  }
  return lines;
}
