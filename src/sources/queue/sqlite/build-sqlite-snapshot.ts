import { formatAge } from '../../../shared/format-age.js';
import { workerState } from '../core/worker-state.js';
import type { JobRef, RefreshInfo, StuckJob, WorkerState } from '../core/queue-snapshot.js';
import type { SqliteMapping } from '../../../config/sqlite-mapping.js';
import type { SqliteQueueSnapshot } from './sqlite-queue-snapshot.js';
import type { StatusTypeCount, WindowSummary } from './sqlite-tally.js';
import type { SqliteWorker } from './sqlite-worker.js';
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
  readonly activeHeartbeatMs: number;
  readonly staleHeartbeatMs: number;
  readonly refresh: RefreshInfo;
}

const NO_TYPE = '(none)';

/**
 * The common worker-state rule on whole seconds, like PrismQ's `heartbeat_utc >=
 * datetime('now', '-60 seconds')` (datetime() truncates to the second), so the counts
 * match PrismQ's: activeHeartbeat is the rule's staleAfter, staleHeartbeat its deadAfter.
 */
function sqliteWorkerState(
  beatMs: number | null,
  nowMs: number,
  activeMs: number,
  staleMs: number,
): WorkerState {
  const nowS = Math.floor(nowMs / 1000) * 1000;
  return workerState(
    { ageSeconds: beatMs === null ? null : (nowS - beatMs) / 1000 },
    { staleAfterMs: activeMs, deadAfterMs: staleMs },
  );
}

function parseCapabilities(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Pure: the tally's view plus the workers → the published snapshot. */
export function buildSqliteSnapshot(input: SqliteSnapshotInputs): SqliteQueueSnapshot {
  const { nowMs, mapping } = input;
  const st = mapping.statuses;
  const waitingSet = new Set(st.waiting);
  const activeSet = new Set(st.active);

  const byType = input.counts
    .filter((c) => c.count > 0)
    .map((c) => ({ type: c.type ?? NO_TYPE, status: c.status, count: c.count }))
    .sort((a, b) => a.type.localeCompare(b.type) || a.status.localeCompare(b.status));
  const counts: Record<string, number> = {};
  const queuedByType: Record<string, number> = {};
  let total = 0;
  let waiting = 0;
  let inFlight = 0;
  for (const c of byType) {
    counts[c.status] = (counts[c.status] ?? 0) + c.count;
    total += c.count;
    if (waitingSet.has(c.status)) {
      waiting += c.count;
      queuedByType[c.type] = (queuedByType[c.type] ?? 0) + c.count;
    }
    if (activeSet.has(c.status)) inFlight += c.count;
  }

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
    let reason = `${row.status} for ${formatAge(job.ageSeconds)}, longer than ${formatAge(input.stuckAfterMs / 1000)}`;
    if (row.leaseUntilMs !== null && row.leaseUntilMs < nowMs) {
      reason += `; lease expired ${formatAge((nowMs - row.leaseUntilMs) / 1000)} ago`;
    }
    if (row.attempts !== null) reason += `; attempt ${row.attempts}`;
    stuck.push({ ...job, reason });
  }
  const firstWaiting = input.oldestWaiting;

  const { succeeded, failed } = input.window;

  let workers: SqliteWorker[] | null = null;
  let activeWorkers: number | null = null;
  let staleWorkers: number | null = null;
  if (input.workers !== null) {
    const runningBy = new Map<string, number>();
    for (const row of running) {
      if (row.worker !== null) runningBy.set(row.worker, (runningBy.get(row.worker) ?? 0) + 1);
    }
    const known = new Set<string>();
    workers = input.workers.map((w) => {
      known.add(w.id);
      return {
        id: w.id,
        lastHeartbeatAt: w.beatMs,
        ageSeconds: w.beatMs === null ? null : (nowMs - w.beatMs) / 1000,
        state: sqliteWorkerState(w.beatMs, nowMs, input.activeHeartbeatMs, input.staleHeartbeatMs),
        runningJobs: runningBy.get(w.id) ?? 0,
        capabilities: parseCapabilities(w.capabilities),
      };
    });
    activeWorkers = workers.filter((w) => w.state === 'active').length;
    staleWorkers = workers.filter((w) => w.state === 'dead').length;
    // A worker named by running tasks but missing from the workers table never
    // registered or was removed: shown, but not counted as PrismQ counts workers.
    for (const [id, n] of runningBy) {
      if (!known.has(id)) {
        workers.push({
          id,
          lastHeartbeatAt: null,
          ageSeconds: null,
          state: 'stale',
          runningJobs: n,
          capabilities: null,
        });
      }
    }
    workers.sort((a, b) => a.id.localeCompare(b.id));
  }

  const completedAll = st.success.reduce((n, s) => n + (counts[s] ?? 0), 0);
  const failedAll = st.failure.reduce((n, s) => n + (counts[s] ?? 0), 0);
  const finishedAll = completedAll + failedAll;
  const oldest = firstWaiting === null ? null : ref(firstWaiting);
  const completedInWindow = succeeded + failed;

  return {
    preset: input.preset,
    at: nowMs,
    counts,
    byType,
    total,
    waiting,
    inFlight,
    oldestWaiting: oldest,
    stuck,
    blockers: [],
    window: {
      windowSeconds: input.windowMs / 1000,
      succeeded,
      failed,
      throughputPerMin: completedInWindow / (input.windowMs / 60_000),
      successRate: completedInWindow === 0 ? null : succeeded / completedInWindow,
      failureRate: completedInWindow === 0 ? null : failed / completedInWindow,
      waitP50: input.window.waitP50,
      waitP95: input.window.waitP95,
      runP50: input.window.runP50,
      runP95: input.window.runP95,
    },
    workers,
    running: running.map(ref),
    unattributedRunning:
      mapping.columns.worker === null ? 0 : running.filter((row) => row.worker === null).length,
    refresh: input.refresh,
    metrics: {
      depthByStatus: counts,
      queuedDepthByType: queuedByType,
      oldestQueuedAgeSeconds: oldest === null ? null : Math.trunc(oldest.ageSeconds),
      completed: completedAll,
      failed: failedAll,
      successRate: finishedAll === 0 ? null : completedAll / finishedAll,
      failureRate: finishedAll === 0 ? null : failedAll / finishedAll,
      totalWorkers: input.workers === null ? null : input.workers.length,
      activeWorkers,
      staleWorkers,
    },
  };
}
