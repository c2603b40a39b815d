import { percentile } from '../core/percentile.js';
import type {
  JobRef,
  QueueSnapshot,
  RefreshInfo,
  StuckJob,
  WorkerHeartbeat,
} from '../core/queue-snapshot.js';
import type { JobRow } from './job-row.js';
import type { PgPreset, RuleContext } from './pg-preset.js';
import type { QueueTally } from './queue-tally.js';

export interface SnapshotInputs {
  readonly preset: PgPreset;
  readonly tally: QueueTally;
  readonly ctx: RuleContext;
  readonly windowMs: number;
  readonly staleHeartbeatMs: number;
  /** [worker id, last heartbeat µs] pairs, or null when the preset has no heartbeats. */
  readonly heartbeats: readonly (readonly [string, number | null])[] | null;
  readonly labels: ReadonlyMap<string, string>;
  readonly refresh: RefreshInfo;
}

const byAgeThenId = (a: JobRow, b: JobRow): number =>
  a.createdUs - b.createdUs || a.id.localeCompare(b.id);

/** Pure: the tally plus the preset's rules → the published snapshot. */
export function buildQueueSnapshot(input: SnapshotInputs): QueueSnapshot {
  const { preset, tally, ctx } = input;
  const nowUs = ctx.nowUs;
  const waitingSet = new Set(preset.statuses.waiting);
  const activeSet = new Set(preset.statuses.active);

  const counts: Record<string, number> = {};
  let total = 0;
  let waiting = 0;
  let inFlight = 0;
  const byType = tally
    .countsByStatusAndType()
    .map((c) => ({ type: c.type ?? '(none)', status: c.status, count: c.count }))
    .sort((a, b) => a.type.localeCompare(b.type) || a.status.localeCompare(b.status));
  for (const c of byType) {
    counts[c.status] = (counts[c.status] ?? 0) + c.count;
    total += c.count;
    if (waitingSet.has(c.status)) waiting += c.count;
    if (activeSet.has(c.status)) inFlight += c.count;
  }

  const live = tally.liveRows().sort(byAgeThenId);
  const ref = (row: JobRow): JobRef => ({
    id: row.id,
    type: row.type,
    status: row.status,
    group: row.group,
    groupLabel: row.group === null ? null : (input.labels.get(row.group) ?? null),
    worker: row.worker,
    createdAt: row.createdUs / 1000,
    startedAt: row.startedUs === null ? null : row.startedUs / 1000,
    ageSeconds:
      (nowUs - (activeSet.has(row.status) ? (row.startedUs ?? row.createdUs) : row.createdUs)) /
      1e6,
  });

  const firstWaiting = live.find((row) => waitingSet.has(row.status));
  const stuck: StuckJob[] = [];
  for (const row of live) {
    const reason = preset.stuckReason(row, ctx);
    if (reason !== null) stuck.push({ ...ref(row), reason });
  }
  const running = live.filter((row) => activeSet.has(row.status));

  const sinceUs = nowUs - input.windowMs * 1000;
  const entries = tally.windowEntries(sinceUs);
  const succeeded = entries.filter((e) => e.success).length;
  const failed = entries.length - succeeded;
  const sorted = (values: (number | null)[]): number[] =>
    values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  const waits = sorted(entries.map((e) => e.waitS));
  const runs = sorted(entries.map((e) => e.runS));
  const completed = entries.length;

  let workers: WorkerHeartbeat[] | null = null;
  if (input.heartbeats !== null) {
    const runningBy = new Map<string, number>();
    for (const row of running) {
      if (row.worker !== null) runningBy.set(row.worker, (runningBy.get(row.worker) ?? 0) + 1);
    }
    const known = new Set<string>();
    workers = input.heartbeats.map(([id, beatUs]) => {
      known.add(id);
      const ageSeconds = beatUs === null ? null : (nowUs - beatUs) / 1e6;
      const stale = ageSeconds === null || ageSeconds * 1000 > input.staleHeartbeatMs;
      return {
        id,
        lastHeartbeatAt: beatUs === null ? null : beatUs / 1000,
        ageSeconds,
        state: stale ? 'stale' : 'active',
        runningJobs: runningBy.get(id) ?? 0,
      } satisfies WorkerHeartbeat;
    });
    // A worker named by running jobs but absent from the heartbeat table never beat.
    for (const [id, n] of runningBy) {
      if (!known.has(id))
        workers.push({
          id,
          lastHeartbeatAt: null,
          ageSeconds: null,
          state: 'stale',
          runningJobs: n,
        });
    }
    workers.sort((a, b) => a.id.localeCompare(b.id));
  }

  return {
    preset: preset.name,
    at: nowUs / 1000,
    counts,
    byType,
    total,
    waiting,
    inFlight,
    oldestWaiting: firstWaiting === undefined ? null : ref(firstWaiting),
    stuck,
    blockers: preset.blockers(live, ctx),
    window: {
      windowSeconds: input.windowMs / 1000,
      succeeded,
      failed,
      throughputPerMin: completed / (input.windowMs / 60_000),
      successRate: completed === 0 ? null : succeeded / completed,
      failureRate: completed === 0 ? null : failed / completed,
      waitP50: percentile(waits, 0.5),
      waitP95: percentile(waits, 0.95),
      runP50: percentile(runs, 0.5),
      runP95: percentile(runs, 0.95),
    },
    workers,
    running: running.map(ref),
    unattributedRunning:
      preset.columns.worker === null ? 0 : running.filter((row) => row.worker === null).length,
    refresh: input.refresh,
  };
}
