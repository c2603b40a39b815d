/** The fields of `/proc/<pid>/stat` jobdeck uses (proc(5); field numbers 1-based). */
export interface ProcStat {
  /** Field 1. */
  readonly pid: number;
  /** Field 2, without its parentheses; may itself contain spaces and parentheses. */
  readonly comm: string;
  /** Field 3: R, S, D, Z, T, … */
  readonly state: string;
  /** Field 4. */
  readonly ppid: number;
  /** Fields 14 and 15: CPU time of the process itself, clock ticks. */
  readonly utime: number;
  readonly stime: number;
  /** Fields 16 and 17: CPU time of its children that exited and were waited for, clock ticks. */
  readonly cutime: number;
  readonly cstime: number;
  /** Field 22: start time in clock ticks since boot. */
  readonly starttime: number;
  /** Field 24: resident set size in pages. */
  readonly rssPages: number;
}

/** Index of field N (1-based) in the list of fields after the comm's closing parenthesis. */
function after(field: number): number {
  return field - 3;
}

/**
 * Pure: one `/proc/<pid>/stat` line → its fields, or null when it is not one. The comm
 * (field 2) is whatever the program set, spaces and `)` included (`(tmux: server)`,
 * `(a) b (c)`), so the line is split at its LAST `)`: nothing after it can hold one.
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const state = rest[0];
  const numbers = rest.map(Number);
  const at = (field: number): number => numbers[after(field)] ?? Number.NaN;
  const stat: ProcStat = {
    pid,
    comm: text.slice(open + 1, close),
    state: state ?? '',
    ppid: at(4),
    utime: at(14),
    stime: at(15),
    cutime: at(16),
    cstime: at(17),
    starttime: at(22),
    rssPages: at(24),
  };
  const integers = [pid, stat.ppid, stat.utime, stat.stime, stat.cutime, stat.cstime];
  const complete = [...integers, stat.starttime, stat.rssPages].every(Number.isSafeInteger);
  return complete && state !== undefined && /^[A-Za-z]$/.test(state) ? stat : null;
}
