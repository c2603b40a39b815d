import { formatAge } from '../../../shared/format-age.js';
import { assembleSnapshot } from '../core/assemble-snapshot.js';
import type { JobRef, QueueSnapshot, RefreshInfo, StuckJob } from '../core/queue-snapshot.js';
import type { WindowSummary } from '../core/window-stats.js';
import type { WorkerStatePolicy } from '../core/worker-state.js';
import type { SqliteMapping } from '../../../config/sqlite-mapping.js';
import type { StatusTypeCount } from './sqlite-tally.js';
import type { TaskRow } from './task-row.js';
import type { WorkerRow } from './worker-row.js';

export interface SqliteSnapshotInputs {
  readonly preset: string;
  readonly mapping: SqliteMapping;
  readonly nowMs: number;
  readonly counts: readonly StatusTypeCount[];
  /** The in-flight rows (any order). */
  readonly running: readonly TaskRow[];
  readonly oldestWaiting: TaskRow | null;
  /** Finished tasks in the window. */
  readonly window: WindowSummary;
  /** Null when the mapping has no workers table. */
  readonly workers: readonly WorkerRow[] | null;
  readonly windowMs: number;
  readonly stuckAfterMs: number;
  /** activeHeartbeat is the rule's staleAfter, staleHeartbeat (PrismQ's "stale") its deadAfter. */
  readonly workerPolicy: WorkerStatePolicy;
  readonly refresh: RefreshInfo;
}

/** Pure: the tally's view plus the workers → the published snapshot (through the queue core). */
export function buildSqliteSnapshot(input: SqliteSnapshotInputs): QueueSnapshot {
  const { nowMs, mapping } = input;
  const st = mapping.statuses;
  const activeSet = new Set(st.active);
  const created = (row: TaskRow): number => row.createdMs ?? row.startedMs ?? nowMs;
  const older = (a: TaskRow, b: TaskRow): number => created(a) - created(b) || a.rowid - b.rowid;
  const ref = (row: TaskRow): JobRef => {
    const since = activeSet.has(row.status) ? (row.startedMs ?? created(row)) : created(row);
    return {
      id: row.id,
      type: row.type,
      status: row.status,
      group: null,
      groupLabel: null,
      worker: row.worker,
      createdAt: created(row),
      startedAt: row.startedMs,
      ageSeconds: (nowMs - since) / 1000,
    };
  };
  const running = [...input.running].sort(older);
  const stuck: StuckJob[] = [];
  for (const row of running) {
    const job = ref(row);
    if (job.ageSeconds * 1000 <= input.stuckAfterMs) continue;
    stuck.push({ ...job, reason: stuckReason(row, job.ageSeconds, nowMs, input.stuckAfterMs) });
  }
  return assembleSnapshot({
    preset: input.preset,
    at: nowMs,
    statuses: { waiting: st.waiting, active: st.active },
    counts: input.counts,
    running: running.map(ref),
    oldestWaiting: input.oldestWaiting === null ? null : ref(input.oldestWaiting),
    stuck,
    window: input.window,
    windowMs: input.windowMs,
    workers:
      input.workers?.map((w) => ({
        id: w.id,
        lastHeartbeatAt: w.beatMs,
        ageSeconds: w.beatMs === null ? null : (nowMs - w.beatMs) / 1000,
      })) ?? null,
    workerPolicy: input.workerPolicy,
    attributesWorkers: mapping.columns.worker !== null,
    refresh: input.refresh,
  });
}

function stuckReason(row: TaskRow, ageSeconds: number, nowMs: number, limitMs: number): string {
  let reason = `${row.status} for ${formatAge(ageSeconds)}, longer than ${formatAge(limitMs / 1000)}`;
  if (row.leaseUntilMs !== null && row.leaseUntilMs < nowMs) {
    reason += `; lease expired ${formatAge((nowMs - row.leaseUntilMs) / 1000)} ago`;
  }
  if (row.attempts !== null) reason += `; attempt ${row.attempts}`;
  return reason;
}
