import { z } from 'zod';
import { parseSystemdTimestamp } from './parse-systemd-timestamp.js';

/** (uint64_t) -1: how systemd prints a counter it does not keep (accounting off). */
const UINT64_MAX = '18446744073709551615';

function isUnset(value: string | undefined): value is undefined {
  return value === undefined || value === '' || value === '[not set]' || value === UINT64_MAX;
}

/** A number systemd may leave unset; anything else that is not digits is unexpected output. */
const count = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (isUnset(value)) return null;
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (Number.isFinite(n)) return n;
    ctx.addIssue({ code: 'custom', message: `expected a number, got ${JSON.stringify(value)}` });
    return z.NEVER;
  });

const timestamp = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const ms = parseSystemdTimestamp(value ?? '');
    if (ms !== undefined) return ms;
    ctx.addIssue({ code: 'custom', message: `expected a timestamp, got ${JSON.stringify(value)}` });
    return z.NEVER;
  });

const text = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value === '' ? null : value));

const state = z.string().min(1);

/**
 * One block of `systemctl show` as the provider reads it. Strict about what every
 * mapping needs (Id and the three states must be there, numbers must be numbers),
 * tolerant of the rest: keys it does not know are dropped, and a property an older
 * systemd does not print is null. Keys keep systemd's names, to be traced to the output.
 */
export const systemdUnitSchema = z.object({
  Id: z.string().min(1),
  Description: text,
  LoadState: state,
  ActiveState: state,
  SubState: state,
  MainPID: count,
  ExecMainStartTimestampMonotonic: count,
  ExecMainStartTimestamp: timestamp,
  ActiveEnterTimestamp: timestamp,
  InactiveEnterTimestamp: timestamp,
  ExecMainStatus: count,
  /** 0 never exited, 1 CLD_EXITED, 2 CLD_KILLED, 3 CLD_DUMPED (ExecMainStatus is then a signal). */
  ExecMainCode: count,
  NRestarts: count,
  Result: text,
  ControlGroup: text,
  MemoryCurrent: count,
  CPUUsageNSec: count,
  TasksCurrent: count,
  FragmentPath: text,
  ExecStart: text,
});

export type SystemdUnit = z.output<typeof systemdUnitSchema>;
