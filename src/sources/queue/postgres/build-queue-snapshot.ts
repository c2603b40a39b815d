import { assembleSnapshot } from '../core/assemble-snapshot.js';
import type { JobRef, QueueSnapshot, RefreshInfo, StuckJob } from '../core/queue-snapshot.js';
import { summarizeWindow } from '../core/window-stats.js';
import type { WorkerStatePolicy } from '../core/worker-state.js';
import type { JobRow } from './job-row.js';
import type { PgPreset, RuleContext } from './pg-preset.js';
import type { QueueTally } from './queue-tally.js';
import { compareText } from '../../../shared/compare-text.js';

export interface SnapshotInputs {
  readonly preset: PgPreset;
  readonly tally: QueueTally;
  readonly ctx: RuleContext;
  readonly windowMs: number;
  readonly workerPolicy: WorkerStatePolicy;
  /** [worker id, last heartbeat µs] pairs, or null when the preset has no heartbeats. */
  readonly heartbeats: readonly (readonly [string, number | null])[] | null;
  readonly labels: ReadonlyMap<string, string>;
  readonly refresh: RefreshInfo;
}

const byAgeThenId = (a: JobRow, b: JobRow): number =>
  a.createdUs - b.createdUs || compareText(a.id, b.id);

/** Pure: the tally plus the preset's rules → the parts every source hands to the core. */
export function buildQueueSnapshot(input: SnapshotInputs): QueueSnapshot {
  const { preset, tally, ctx } = input;
  const nowUs = ctx.nowUs;
  const waitingSet = new Set(preset.statuses.waiting);
  const activeSet = new Set(preset.statuses.active);

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
  // The stuck condition is the preset's (QFieldCloud's cron rule, or in flight too long).
  const stuck: StuckJob[] = [];
  for (const row of live) {
    const reason = preset.stuckReason(row, ctx);
    if (reason !== null) stuck.push({ ...ref(row), reason });
  }

  return assembleSnapshot({
    preset: preset.name,
    at: nowUs / 1000,
    statuses: preset.statuses,
    counts: tally.countsByStatusAndType(),
    running: live.filter((row) => activeSet.has(row.status)).map(ref),
    oldestWaiting: firstWaiting === undefined ? null : ref(firstWaiting),
    stuck,
    blockers: preset.blockers(live, ctx),
    window: summarizeWindow(tally.windowEntries(nowUs - input.windowMs * 1000)),
    windowMs: input.windowMs,
    workers:
      input.heartbeats === null
        ? null
        : input.heartbeats.map(([id, beatUs]) => ({
            id,
            lastHeartbeatAt: beatUs === null ? null : beatUs / 1000,
            ageSeconds: beatUs === null ? null : (nowUs - beatUs) / 1e6,
          })),
    workerPolicy: input.workerPolicy,
    attributesWorkers: preset.columns.worker !== null,
    refresh: input.refresh,
  });
}
