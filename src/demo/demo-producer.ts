import { randomUUID } from 'node:crypto';

import type { DemoJobType } from './build-job-result.js';
import type { DemoRandom } from './create-random.js';
import type { DemoConnection } from './demo-connection.js';
import { DEMO_CATALOG } from './demo-catalog.js';
import { JOB_PROFILES } from './job-profiles.js';
import { sleep } from '../shared/sleep.js';

export interface DemoProducerOptions {
  readonly connection: DemoConnection;
  readonly speed: number;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
  readonly random: DemoRandom;
}

/** Mean gap between jobs outside bursts (Poisson arrivals). */
const BASE_GAP_MS = 4_000;
/** Time between bursts: a field crew coming back into coverage and syncing. */
const BURST_EVERY_MS = [90_000, 180_000] as const;
const FIRST_BURST_MS = [40_000, 70_000] as const;
const BURST_GAP_MS = [150, 700] as const;
/** Stop adding work when this many jobs already wait (all workers dead for a while). */
const MAX_PENDING = 250;
/**
 * Nor for a project with this many waiting: a job stuck in `queued` blocks its project
 * until someone cleans it up, and the backlog behind it must not grow all day.
 */
const MAX_PENDING_PER_PROJECT = 25;
/** Real time, not simulated. */
const ERROR_BACKOFF_MS = 2_000;

type Project = (typeof DEMO_CATALOG.projects)[number];

/**
 * The QFieldCloud API's side of the queue: inserts `pending` jobs the way `Job.save()`
 * does (created_at = updated_at, container_id '', triggered_by = created_by), at a
 * steady rate with periodic bursts in which one or two projects get a run of
 * delta_apply jobs followed by a package. Never rejects.
 */
export async function runDemoProducer(options: DemoProducerOptions): Promise<void> {
  const { signal, speed, random, log } = options;
  const types = Object.keys(JOB_PROFILES) as DemoJobType[];
  let nextBurst = Date.now() + random.between(...FIRST_BURST_MS) / speed;
  while (!signal.aborted) {
    try {
      if (Date.now() >= nextBurst) {
        await burst(options);
        nextBurst = Date.now() + random.between(...BURST_EVERY_MS) / speed;
        continue;
      }
      const gap = Math.min(random.exponential(BASE_GAP_MS), BASE_GAP_MS * 5) / speed;
      if (!(await sleep(gap, signal))) return;
      const project = random.weighted(DEMO_CATALOG.projects, (p) => p.activity);
      if (await backlogFull(options, project)) continue;
      await insertJob(
        options,
        project,
        random.weighted(types, (t) => JOB_PROFILES[t].share),
      );
    } catch (error) {
      // Stopping may break a query in flight; that is no error to report. (Read through
      // `options`: TypeScript would narrow `signal.aborted` to false from the loop test.)
      if (options.signal.aborted) return;
      log(`[producer] database error: ${error instanceof Error ? error.message : String(error)}`);
      if (!(await sleep(ERROR_BACKOFF_MS, signal))) return;
    }
  }
}

async function burst(options: DemoProducerOptions): Promise<void> {
  const { random, signal, speed, log } = options;
  const projects = [random.weighted(DEMO_CATALOG.projects, (p) => p.activity)];
  if (random.chance(0.6)) projects.push(random.weighted(DEMO_CATALOG.projects, (p) => p.activity));
  const plan: [Project, DemoJobType][] = [];
  for (const project of projects) {
    for (let i = random.int(4, 12); i > 0; i -= 1) plan.push([project, 'delta_apply']);
    plan.push([project, 'package']);
    if (random.chance(0.3)) plan.push([project, 'process_projectfile']);
  }
  log(
    `[producer] burst: field crews syncing ${projects.map((p) => p.name).join(' and ')} (${String(plan.length)} jobs)`,
  );
  for (const [project, type] of plan) {
    if (!(await sleep(random.between(...BURST_GAP_MS) / speed, signal))) return;
    if (await backlogFull(options, project)) continue;
    await insertJob(options, project, type);
  }
}

async function backlogFull(options: DemoProducerOptions, project: Project): Promise<boolean> {
  const rows = await options.connection.query<{ total: number; project: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE project_id = $1)::int AS project
       FROM core_job WHERE status = 'pending'`,
    [project.id],
  );
  const row = rows[0];
  return row !== undefined && (row.total >= MAX_PENDING || row.project >= MAX_PENDING_PER_PROJECT);
}

async function insertJob(
  options: DemoProducerOptions,
  project: Project,
  type: DemoJobType,
): Promise<void> {
  const user = options.random.pick(project.members);
  await options.connection.query(
    `INSERT INTO core_job (id, created_at, updated_at, project_id, output, type, status,
                           created_by_id, feedback, finished_at, started_at,
                           docker_finished_at, docker_started_at, container_id, triggered_by_id)
     VALUES ($1, now(), now(), $2, NULL, $3, 'pending', $4, NULL, NULL, NULL, NULL, NULL, '', $4)`,
    [randomUUID(), project.id, type, user],
  );
}
