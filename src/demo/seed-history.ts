import { randomUUID } from 'node:crypto';

import type { ClientBase } from 'pg';

import type { DemoJobType, DemoOutcome } from './build-job-result.js';
import { buildJobResult } from './build-job-result.js';
import type { DemoRandom } from './create-random.js';
import { createRandom } from './create-random.js';
import { DEMO_CATALOG } from './demo-catalog.js';
import { JOB_PROFILES } from './job-profiles.js';

export interface SeedHistoryOptions {
  /** End of the seeded period. Default: now. */
  readonly now?: Date;
  /** About how many jobs (a few at the very end may be left out). Default 2,600. */
  readonly jobs?: number;
  /** Same seed, same history. */
  readonly seed?: number;
}

const HOUR_MS = 3_600_000;
const SPAN_MS = 48 * HOUR_MS;
/** No job is created later than this before `now`, so seeded jobs have ended by then. */
const QUIET_TAIL_MS = 20 * 60_000;
const BATCH = 1_000;
const TIMEOUT_S = 600;

interface Row {
  id: string;
  createdAt: Date;
  projectId: string;
  output: string | null;
  type: DemoJobType;
  status: 'finished' | 'failed';
  createdBy: number;
  feedback: string | null;
  finishedAt: Date | null;
  startedAt: Date;
  dockerFinishedAt: Date | null;
  dockerStartedAt: Date;
  containerId: string;
}

/**
 * Two days of finished and failed jobs, so the dashboard's rates, durations and
 * sparklines have data the moment the demo starts. Shaped like real QFieldCloud rows:
 * a day/night rhythm, one job at a time per project, failed rows mostly without
 * finished_at, a failure spike yesterday afternoon, a few timeouts, Docker SIGKILLs,
 * wrapper exceptions and jobs the stuck-job cron terminated. Does nothing (returns 0)
 * when core_job already has rows.
 */
export async function seedHistory(
  client: ClientBase,
  options: SeedHistoryOptions = {},
): Promise<number> {
  const present = await client.query<{ any: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM core_job) AS any',
  );
  if (present.rows[0]?.any === true) return 0;

  const rows = buildRows(
    (options.now ?? new Date()).getTime(),
    options.jobs ?? 2_600,
    createRandom(options.seed ?? 20_250_601),
  );
  for (let start = 0; start < rows.length; start += BATCH) {
    await insertRows(client, rows.slice(start, start + BATCH));
  }
  return rows.length;
}

function buildRows(nowMs: number, count: number, random: DemoRandom): Row[] {
  const from = nowMs - SPAN_MS;
  const to = nowMs - QUIET_TAIL_MS;
  // Yesterday, mid-afternoon: half an hour when a project's PostGIS was down.
  const spikeStart = to - 26 * HOUR_MS;
  const spikeEnd = spikeStart + HOUR_MS / 2;

  const created: number[] = [];
  while (created.length < count) {
    const at = random.between(from, to);
    if (random.chance(activityAt(at))) created.push(at);
  }
  created.sort((a, b) => a - b);

  const types = Object.keys(JOB_PROFILES) as DemoJobType[];
  const busyUntil = new Map<string, number>();
  return created.flatMap((createdMs): Row[] => {
    const project = random.weighted(DEMO_CATALOG.projects, (p) => p.activity);
    const type = random.weighted(types, (t) => JOB_PROFILES[t].share);
    const profile = JOB_PROFILES[type];
    // A wait of a few seconds, sometimes a backlog; never before the project is free.
    const wait = random.chance(0.05)
      ? random.between(30_000, 300_000)
      : random.exponential(4_000) + 300;
    const startedMs = Math.max(createdMs + wait, (busyUntil.get(project.id) ?? 0) + 200);
    const dockerStartedMs = startedMs + random.between(150, 800);
    const inSpike = createdMs >= spikeStart && createdMs < spikeEnd;
    const kind = pickKind(random, profile.failureRate, inSpike);
    const runMs =
      kind === 'timeout'
        ? TIMEOUT_S * 1_000
        : random.between(profile.runMs[0], profile.runMs[1]) * (kind === 'success' ? 1 : 0.6);

    const row: Row = {
      id: randomUUID(),
      createdAt: new Date(createdMs),
      projectId: project.id,
      output: null,
      type,
      status: 'failed',
      createdBy: random.pick(project.members),
      feedback: null,
      finishedAt: null,
      startedAt: new Date(startedMs),
      dockerFinishedAt: new Date(dockerStartedMs + runMs),
      dockerStartedAt: new Date(dockerStartedMs),
      containerId: random.hex(64),
    };
    let endMs = dockerStartedMs + runMs;
    if (kind === 'cron_terminated') {
      // The worker vanished mid-run; the cron (every 3 min) failed it after the timeout.
      endMs = startedMs + (TIMEOUT_S + 10) * 1_000 + random.between(0, 180_000);
      row.dockerFinishedAt = null;
      row.finishedAt = new Date(endMs);
      row.output = 'Job unexpectedly terminated.';
      row.feedback = JSON.stringify({
        error_stack: '',
        error: 'Job unexpectedly terminated.',
        error_origin: 'worker_wrapper',
        container_exit_code: -2,
      });
    } else if (kind === 'wrapper_exception') {
      // The wrapper's except-branch is the one failure path that sets finished_at.
      endMs += random.between(50, 400);
      row.finishedAt = new Date(endMs);
      row.feedback = JSON.stringify({
        error: "HTTPConnectionPool(host='app', port=8000): Read timed out. (read timeout=30)",
        error_origin: 'worker_wrapper',
        error_stack: ['  File "/usr/src/app/worker_wrapper/wrapper.py", line 190, in run'],
        error_timeout: true,
      });
    } else {
      const result = buildJobResult({
        type,
        outcome: kind,
        random,
        postgisDown: inSpike && kind === 'container_error',
        timeoutS: TIMEOUT_S,
      });
      row.output = result.output;
      row.feedback = JSON.stringify(result.feedback);
      if (kind === 'success') {
        endMs += random.between(80, 500);
        row.status = 'finished';
        row.finishedAt = new Date(endMs);
      } else if (kind === 'docker_sigkill') {
        // Upstream returns before recording docker_finished_at on exit code 137.
        row.dockerFinishedAt = null;
      }
    }
    // A project's backlog can push its last jobs past the end: leave those out rather
    // than seed jobs that end in the future.
    if (endMs > nowMs - 30_000) return [];
    busyUntil.set(project.id, endMs);
    return [row];
  });
}

type HistoryKind = DemoOutcome | 'cron_terminated' | 'wrapper_exception';

function pickKind(random: DemoRandom, failureRate: number, inSpike: boolean): HistoryKind {
  const roll = random.next();
  if (inSpike) return roll < 0.45 ? 'container_error' : 'success';
  if (roll < 0.003) return 'timeout';
  if (roll < 0.006) return 'docker_sigkill';
  if (roll < 0.011) return 'cron_terminated';
  if (roll < 0.014) return 'wrapper_exception';
  return roll < 0.014 + failureRate ? 'container_error' : 'success';
}

/** Relative traffic by UTC hour: field crews sync during the working day. */
function activityAt(ms: number): number {
  const hour = new Date(ms).getUTCHours();
  if (hour >= 7 && hour < 18) return 1;
  if (hour >= 5 && hour < 21) return 0.45;
  return 0.08;
}

async function insertRows(client: ClientBase, rows: readonly Row[]): Promise<void> {
  const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());
  await client.query(
    `INSERT INTO core_job (id, created_at, updated_at, project_id, output, type, status,
                           created_by_id, feedback, finished_at, started_at,
                           docker_finished_at, docker_started_at, container_id, triggered_by_id)
     SELECT r.id, r.created_at, r.created_at, r.project_id, r.output, r.type, r.status,
            r.created_by, r.feedback::jsonb, r.finished_at, r.started_at,
            r.docker_finished_at, r.docker_started_at, r.container_id, r.created_by
       FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[],
                   $6::text[], $7::int[], $8::text[], $9::timestamptz[], $10::timestamptz[],
                   $11::timestamptz[], $12::timestamptz[], $13::text[])
            AS r(id, created_at, project_id, output, type, status, created_by, feedback,
                 finished_at, started_at, docker_finished_at, docker_started_at, container_id)`,
    [
      rows.map((r) => r.id),
      rows.map((r) => iso(r.createdAt)),
      rows.map((r) => r.projectId),
      rows.map((r) => r.output),
      rows.map((r) => r.type),
      rows.map((r) => r.status),
      rows.map((r) => r.createdBy),
      rows.map((r) => r.feedback),
      rows.map((r) => iso(r.finishedAt)),
      rows.map((r) => iso(r.startedAt)),
      rows.map((r) => iso(r.dockerFinishedAt)),
      rows.map((r) => iso(r.dockerStartedAt)),
      rows.map((r) => r.containerId),
    ],
  );
}
