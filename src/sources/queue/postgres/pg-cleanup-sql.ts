import type { CleanupKind } from '../core/queue-source.js';
import { sqlIdentifier as q } from '../core/sql-identifier.js';
import type { PgPreset, RuleContext } from './pg-preset.js';

export interface CleanupSqlOptions {
  readonly preset: PgPreset;
  readonly rules: Omit<RuleContext, 'nowUs'>;
  /** Dead-worker cleanup: heartbeats older than this. */
  readonly deadHeartbeatMs: number;
  readonly staleWaitingMs: number;
  /** The id column's type (learned from the table), for the `$1` array cast. */
  readonly idType: string;
}

/** The reason the stale-waiting cleanup writes. */
export function staleReason(ms: number): string {
  const hours = Math.round(ms / 3_600_000);
  return `Auto-cleanup: stuck >${hours} hours`;
}

/**
 * The UPDATE a cleanup runs: `$1` = the planned ids; it re-checks the kind's condition
 * (the preset's stuck rule, the waiting age, the worker's dead heartbeat), so a job
 * that moved on since the preview is skipped. Pure: the statement and its parameters.
 */
export function cleanupSql(
  kind: CleanupKind,
  o: CleanupSqlOptions,
): { text: string; params: unknown[] } {
  const p = o.preset;
  const c = p.columns;
  const params: unknown[] = [];
  // Placeholder for the next parameter; $1 is always the id list.
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length + 1}`;
  };
  const olderThan = (column: string, ms: number): string =>
    `${column} < now() - make_interval(secs => ${param(ms / 1000)}::float8)`;
  const status = q(c.status);
  const created = q(c.createdAt);
  const started = c.startedAt === null ? null : q(c.startedAt);
  const sets = [`${status} = ${param(p.cleanup.failedValue)}`];
  if (p.cleanup.endColumn !== null) sets.push(`${q(p.cleanup.endColumn)} = now()`);
  if (p.cleanup.reasonColumn !== null) {
    const col = q(p.cleanup.reasonColumn);
    const reason = param(
      kind === 'dead-workers'
        ? p.cleanup.deadWorkerReason
        : kind === 'stale-waiting'
          ? staleReason(o.staleWaitingMs)
          : 'jobdeck cleanup: stuck job marked failed',
    );
    // Append keeps what the column held (QFieldCloud's output is the container log).
    sets.push(
      p.cleanup.reasonMode === 'append'
        ? `${col} = concat_ws(E'\\n', NULLIF(${col}, ''), ${reason}::text)`
        : `${col} = ${reason}::text`,
    );
  }
  let condition: string;
  if (kind === 'stuck') {
    condition = p.stuckCondition({ status, created, started, param, olderThan, ctx: o.rules });
  } else if (kind === 'stale-waiting') {
    condition = `${status} = ANY(${param(p.statuses.waiting)}::text[]) AND ${olderThan(created, o.staleWaitingMs)}`;
  } else {
    const hb = p.heartbeats;
    const inFlight = `${status} = ANY(${param(p.statuses.active)}::text[])`;
    // No heartbeats (QFieldCloud): the caller proved the worker dead another way
    // (planOrphans: its job container is gone); re-check only that the job is still in flight.
    condition =
      hb === null || c.worker === null
        ? inFlight
        : `${inFlight} AND ${q(c.worker)} IN (SELECT h.${q(hb.workerColumn)} FROM ${q(hb.table)} h WHERE ${olderThan(`h.${q(hb.heartbeatColumn)}`, o.deadHeartbeatMs)})`;
  }
  const text = `UPDATE ${q(p.table)} SET ${sets.join(', ')} WHERE ${q(c.id)} = ANY($1::${o.idType}[]) AND ${condition} RETURNING ${q(c.id)}::text AS id`;
  return { text, params };
}
