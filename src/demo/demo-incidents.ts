import type { DemoRandom } from './create-random.js';
import type { DemoConnection } from './demo-connection.js';
import type { DemoConditions, DemoWorkerFault } from './demo-worker.js';
import type { DemoFleetMember } from './demo-fleet-member.js';
import { sleep } from '../shared/sleep.js';

export interface DemoIncidentsOptions {
  readonly workers: readonly DemoFleetMember[];
  readonly conditions: DemoConditions;
  readonly connection: DemoConnection;
  readonly speed: number;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
  readonly random: DemoRandom;
}

type Incident = 'worker-dies-mid-job' | 'failure-burst' | 'queued-never-starts' | 'crash-loop';

/**
 * The first incidents come early so a short demo shows each of them once; after that
 * they repeat in the same order with a few minutes between them.
 */
const OPENING: readonly [delayMs: number, incident: Incident][] = [
  [20_000, 'worker-dies-mid-job'],
  [55_000, 'failure-burst'],
  [65_000, 'queued-never-starts'],
  [100_000, 'crash-loop'],
];
const CYCLE: readonly Incident[] = [
  'worker-dies-mid-job',
  'failure-burst',
  'queued-never-starts',
  'crash-loop',
];
/** Failed starts of a crash loop: one more than the crash-loop alert's default of 3. */
const CRASH_LOOP_STARTS = 4;
const CYCLE_GAP_MS = [150_000, 240_000] as const;
const FAILURE_BURST_MS = 30_000;

/**
 * Scripted trouble, the kinds QFieldCloud operators meet: a worker_wrapper replica
 * killed while its QGIS container runs (its job stays `started` until the cron fails
 * it), a replica killed between dequeue and start (the job stays `queued` with
 * started_at NULL, which nothing upstream ever cleans, blocking its project), and a
 * failure burst (an external PostGIS down for ~30 s). Replicas that are real processes
 * also crash-loop: a bad deploy makes a few starts in a row fail within seconds. Never
 * rejects.
 */
export async function runDemoIncidents(options: DemoIncidentsOptions): Promise<void> {
  const { signal, speed, random } = options;
  for (const [delayMs, incident] of OPENING) {
    if (!(await sleep(delayMs / speed, signal))) return;
    await trigger(options, incident);
  }
  for (let i = 0; ; i = (i + 1) % CYCLE.length) {
    if (!(await sleep(random.between(...CYCLE_GAP_MS) / speed, signal))) return;
    const incident = CYCLE[i];
    if (incident !== undefined) await trigger(options, incident);
  }
}

async function trigger(options: DemoIncidentsOptions, incident: Incident): Promise<void> {
  const { conditions, speed, log } = options;
  switch (incident) {
    case 'failure-burst':
      conditions.failureBurstUntil = Date.now() + FAILURE_BURST_MS / speed;
      log('[incident] the field-data PostGIS is unreachable: jobs fail for about 30 s');
      return;
    case 'worker-dies-mid-job':
      killOne(options, 'mid-job');
      return;
    case 'crash-loop':
      crashLoopOne(options);
      return;
    case 'queued-never-starts':
      // One such job is enough to make the point; more would block project after
      // project for the rest of the demo, since nothing upstream cleans them.
      if (await hasNeverStartedJob(options)) return;
      killOne(options, 'after-dequeue');
      return;
  }
}

function killOne(options: DemoIncidentsOptions, fault: DemoWorkerFault): void {
  const { workers, random, log } = options;
  const alive = workers.filter((w) => w.state() !== 'dead');
  // Keep one replica running: an all-dead fleet is a different story.
  if (alive.length < 2) return;
  const busy = alive.filter((w) => w.state() === 'busy');
  const victim = random.pick(fault === 'mid-job' && busy.length > 0 ? busy : alive);
  if (victim.kill(fault)) {
    log(
      fault === 'mid-job'
        ? `[incident] ${victim.name} will be killed while its QGIS container runs`
        : `[incident] ${victim.name} will be killed right after it dequeues its next job`,
    );
  }
}

function crashLoopOne(options: DemoIncidentsOptions): void {
  const { workers, random, log } = options;
  const alive = workers.filter((w) => w.state() !== 'dead');
  const able = alive.filter((w) => w.crashLoop !== undefined);
  if (alive.length < 2 || able.length === 0) return;
  const victim = random.pick(able);
  if (victim.crashLoop?.(CRASH_LOOP_STARTS) === true) {
    log(
      `[incident] ${victim.name} was redeployed with a missing QGIS image: its next ${String(CRASH_LOOP_STARTS)} starts fail`,
    );
  }
}

async function hasNeverStartedJob(options: DemoIncidentsOptions): Promise<boolean> {
  try {
    const rows = await options.connection.query<{ any: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM core_job
          WHERE status = 'queued' AND started_at IS NULL
            AND created_at < now() - make_interval(secs => $1)
       ) AS any`,
      [60 / options.speed],
    );
    return rows[0]?.any === true;
  } catch {
    // Cannot tell: skip this incident rather than stack up blocked projects.
    return true;
  }
}
