import { formatAge } from '../../../shared/format-age.js';
import type { Blocker } from '../core/queue-snapshot.js';
import type { JobRow } from './job-row.js';
import type { PgPreset, RuleContext, StuckSql } from './pg-preset.js';
import { compareText } from '../../../shared/compare-text.js';

/** The cron (`SetTerminatedWorkersToFinalStatusJob`) fails jobs at timeout + 10 s. */
const CRON_GRACE_MS = 10_000;

/**
 * QFieldCloud's `core_job` (../shared/reference/qfieldcloud.md). `queued` is a job a
 * worker_wrapper has taken but not started, so it still counts as waiting; a project
 * runs one job at a time (`project_id` is the group).
 */
export const qfieldcloudPreset: PgPreset = {
  name: 'qfieldcloud',
  table: 'core_job',
  columns: {
    id: 'id',
    status: 'status',
    type: 'type',
    createdAt: 'created_at',
    startedAt: 'started_at',
    // Failed rows usually have finished_at NULL; docker_finished_at is the next best end.
    end: ['finished_at', 'docker_finished_at'],
    worker: null,
    group: 'project_id',
  },
  statuses: {
    waiting: ['pending', 'queued'],
    active: ['started'],
    success: ['finished'],
    failure: ['failed'],
  },
  cleanup: {
    failedValue: 'failed',
    endColumn: 'finished_at',
    reasonColumn: 'output',
    reasonMode: 'append',
    deadWorkerReason: 'Worker died unexpectedly',
  },
  heartbeats: null,
  stuckReason(row: JobRow, ctx: RuleContext): string | null {
    if (row.status !== 'queued' && row.status !== 'started') return null;
    if (row.startedUs !== null) {
      const ageMs = (ctx.nowUs - row.startedUs) / 1000;
      const limitMs = ctx.jobTimeoutMs + CRON_GRACE_MS;
      return ageMs > limitMs
        ? `${row.status} ${formatAge(ageMs / 1000)} ago, past the job timeout of ${formatAge(ctx.jobTimeoutMs / 1000)}`
        : null;
    }
    const waitedMs = (ctx.nowUs - row.createdUs) / 1000;
    if (row.status === 'queued' && waitedMs > ctx.queuedNoStartAfterMs) {
      return `queued ${formatAge(waitedMs / 1000)} ago and never started (QFieldCloud's cron never cleans these)`;
    }
    return null;
  },
  // Projects moved from core_project to project_project in v26.21.
  groupLabels: {
    tables: ['project_project', 'core_project'],
    select: (table, liveGroups) =>
      `(SELECT json_object_agg(p.id::text, o.username || '/' || p.name) FROM ${table} p JOIN "core_user" o ON o.id = p.owner_id WHERE p.id IN (${liveGroups}))`,
  },
  /** `stuckReason` re-checked inside the write: past the timeout + grace, or queued and never started. */
  stuckCondition(s: StuckSql): string {
    const inFlight = `${s.status} = ANY(${s.param(['queued', 'started'])}::text[])`;
    const started = s.started ?? s.created;
    const pastTimeout = s.olderThan(started, s.ctx.jobTimeoutMs + CRON_GRACE_MS);
    const neverStarted = `${s.status} = ${s.param('queued')} AND ${started} IS NULL AND ${s.olderThan(s.created, s.ctx.queuedNoStartAfterMs)}`;
    return `${inFlight} AND (${pastTimeout} OR (${neverStarted}))`;
  },
  blockers(live: readonly JobRow[], ctx: RuleContext): Blocker[] {
    const pendingByProject = new Map<string, JobRow[]>();
    const activeByProject = new Map<string, JobRow>();
    for (const row of live) {
      if (row.group === null) continue;
      if (row.status === 'pending') {
        const list = pendingByProject.get(row.group) ?? [];
        list.push(row);
        pendingByProject.set(row.group, list);
      } else if (row.status === 'queued' || row.status === 'started') {
        activeByProject.set(row.group, row);
      }
    }
    const out: Blocker[] = [];
    for (const row of live) {
      if (row.status !== 'queued' || row.startedUs !== null) continue;
      const ageS = (ctx.nowUs - row.createdUs) / 1e6;
      if (ageS * 1000 <= ctx.queuedNoStartAfterMs) continue;
      const waiting = row.group === null ? 0 : (pendingByProject.get(row.group)?.length ?? 0);
      out.push({
        kind: 'queued-no-start',
        group: row.group,
        jobId: row.id,
        waiting,
        ageSeconds: ageS,
        detail: `job ${row.id} queued ${formatAge(ageS)} ago with no start time; ${waiting} pending job(s) of its project wait behind it`,
      });
    }
    for (const [project, pending] of pendingByProject) {
      const active = activeByProject.get(project);
      if (active === undefined) continue;
      const oldest = Math.min(...pending.map((row) => row.createdUs));
      const ageS = (ctx.nowUs - oldest) / 1e6;
      out.push({
        kind: 'blocked-behind-active',
        group: project,
        jobId: active.id,
        waiting: pending.length,
        ageSeconds: ageS,
        detail: `${pending.length} pending job(s) wait behind ${active.status} job ${active.id} of the same project`,
      });
    }
    return out.sort(
      (a, b) => b.ageSeconds - a.ageSeconds || compareText(a.jobId ?? '', b.jobId ?? ''),
    );
  },
};
