import { formatAge } from '../../../shared/format-age.js';
import type { JobRow } from './job-row.js';
import type { RuleContext, StuckSql } from './pg-preset.js';

/** Stuck = in flight longer than `stuckAfter` (DESIGN.md default 10 min), from start (or creation). */
export function genericStuckReason(
  active: readonly string[],
): (row: JobRow, ctx: RuleContext) => string | null {
  return (row, ctx) => {
    if (!active.includes(row.status)) return null;
    const since = row.startedUs ?? row.createdUs;
    const ageMs = (ctx.nowUs - since) / 1000;
    return ageMs > ctx.stuckAfterMs
      ? `${row.status} for ${formatAge(ageMs / 1000)}, longer than ${formatAge(ctx.stuckAfterMs / 1000)}`
      : null;
  };
}

/** `genericStuckReason` as SQL: in flight, started (or created) longer than `stuckAfter` ago. */
export function genericStuckCondition(active: readonly string[]): (sql: StuckSql) => string {
  return (s) =>
    `${s.status} = ANY(${s.param(active)}::text[]) AND ${s.olderThan(s.started === null ? s.created : `COALESCE(${s.started}, ${s.created})`, s.ctx.stuckAfterMs)}`;
}
