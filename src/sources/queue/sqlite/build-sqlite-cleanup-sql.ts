import { ActionRefusedError } from '../../../shared/errors.js';
import { formatAge } from '../../../shared/format-age.js';
import { sqlIdentifier as q } from '../core/sql-identifier.js';
import type { CleanupKind } from '../core/queue-source.js';
import type { SqliteMapping } from '../../../config/sqlite-mapping.js';

export interface SqliteCleanupLimits {
  readonly stuckAfterMs: number;
  readonly staleHeartbeatMs: number;
  readonly staleWaitingMs: number;
}

export interface SqliteCleanupSql {
  /** The UPDATE; `:ids` (a JSON array of task ids) is bound at run time. */
  readonly text: string;
  readonly params: Readonly<Record<string, string>>;
  /** The reason appended to the error column. */
  readonly reason: string;
}

/** `-600 seconds`: an SQLite datetime modifier for "this long ago". */
const ago = (ms: number): string => `-${ms / 1000} seconds`;

/**
 * The UPDATE a cleanup runs. It re-checks the condition that put each task in the plan,
 * so a task that finished, was requeued or whose worker came back in the meantime is
 * skipped. Tasks are marked failed, never deleted; the reason is appended to what the
 * error column holds (PrismQ keeps the last attempt's error there); finished and
 * updated times are stamped with `datetime('now')`, PrismQ's own format.
 */
export function buildSqliteCleanupSql(
  m: SqliteMapping,
  kind: CleanupKind,
  limits: SqliteCleanupLimits,
): SqliteCleanupSql {
  const c = m.columns;
  const st = m.statuses;
  const status = q(c.status);
  let from: readonly string[];
  let condition: string;
  let reason: string;
  let olderThanMs: number;
  if (kind === 'stuck') {
    from = st.active;
    olderThanMs = limits.stuckAfterMs;
    const since = [...c.startedAt, c.createdAt].map(q).join(', ');
    condition = `COALESCE(${since}) < datetime('now', :older)`;
    reason = `jobdeck cleanup: in flight for longer than ${formatAge(olderThanMs / 1000)}; marked ${st.failedValue}`;
  } else if (kind === 'stale-waiting') {
    from = st.waiting;
    olderThanMs = limits.staleWaitingMs;
    condition = `${q(c.createdAt)} < datetime('now', :older)`;
    reason = `jobdeck cleanup: waiting for longer than ${formatAge(olderThanMs / 1000)}; marked ${st.failedValue}`;
  } else {
    const w = m.workers;
    if (w === null || c.worker === null) {
      throw new ActionRefusedError(
        'this SQLite queue has no workers table or worker column; dead-worker cleanup is not available',
      );
    }
    from = st.active;
    olderThanMs = limits.staleHeartbeatMs;
    condition = `${q(c.worker)} IN (SELECT ${q(w.id)} FROM ${q(w.table)} WHERE ${q(w.heartbeat)} < datetime('now', :older))`;
    reason = `jobdeck cleanup: worker sent no heartbeat for over ${formatAge(olderThanMs / 1000)}; marked ${st.failedValue}`;
  }
  const sets = [`${status} = :failed`, `${q(c.finishedAt)} = datetime('now')`];
  if (c.updatedAt !== null) sets.push(`${q(c.updatedAt)} = datetime('now')`);
  if (c.error !== null) {
    const e = q(c.error);
    sets.push(
      `${e} = CASE WHEN ${e} IS NULL OR ${e} = '' THEN :reason ELSE ${e} || char(10) || :reason END`,
    );
  }
  const text = `UPDATE ${q(m.table)} SET ${sets.join(', ')} WHERE ${q(c.id)} IN (SELECT value FROM json_each(:ids)) AND ${status} IN (SELECT value FROM json_each(:from)) AND ${condition} RETURNING ${q(c.id)} AS id_`;
  return {
    text,
    // node:sqlite refuses unknown named parameters: bind :reason only when it is used.
    params: {
      failed: st.failedValue,
      ...(c.error === null ? {} : { reason }),
      from: JSON.stringify(from),
      older: ago(olderThanMs),
    },
    reason,
  };
}
