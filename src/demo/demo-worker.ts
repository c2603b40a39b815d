import type { DemoJobType, DemoOutcome } from './build-job-result.js';
import { buildJobResult } from './build-job-result.js';
import type { DemoRandom } from './create-random.js';
import { DemoConnection } from './demo-connection.js';
import type { DequeuedJob } from './dequeue-job.js';
import { dequeueJob } from './dequeue-job.js';
import { JOB_PROFILES } from './job-profiles.js';
import { sleep } from '../shared/sleep.js';

export type DemoWorkerState = 'idle' | 'busy' | 'dead';

/** Where an incident kills a worker: between dequeue and start, or while its container runs. */
export type DemoWorkerFault = 'after-dequeue' | 'mid-job';

/** Fleet-wide conditions the incidents change and every worker reads. */
export interface DemoConditions {
  /** Until this time (ms since epoch), jobs fail as if the field-data PostGIS were down. */
  failureBurstUntil: number;
}

export interface DemoWorkerOptions {
  readonly name: string;
  readonly url: string;
  /** Simulated time runs this many times faster than real time. */
  readonly speed: number;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
  readonly random: DemoRandom;
  readonly conditions: DemoConditions;
  /**
   * Whether a killed worker comes back by itself after a while (Docker's restart policy,
   * the default) or `run()` returns 'died' so its process can exit (a demo worker that
   * is a real child process; its parent plays the restart policy).
   */
  readonly comesBack?: boolean;
}

/** Upstream sleeps 5 × 1 s when the queue is empty. */
const IDLE_POLL_MS = 5_000;
/** Between started_at and docker_started_at: the wrapper prepares files. */
const PREPARE_MS = [100, 600] as const;
/** How long a killed replica stays down before Docker's restart policy brings it back. */
const DOWNTIME_MS = [45_000, 90_000] as const;
const BURST_FAILURE_RATE = 0.5;
/** Share of failures that are the Docker engine killing the container (exit 137). */
const SIGKILL_SHARE = 0.05;
/** Real time, not simulated: how long to wait after a database error. */
const ERROR_BACKOFF_MS = [500, 10_000] as const;

type LifeEnd = 'aborted' | 'died' | 'reconnect';

/**
 * One simulated `worker_wrapper` replica: `python manage.py dequeue` with a fake QGIS
 * container. It writes core_job exactly as upstream's dequeue.py and wrapper.py do,
 * step by step, each step its own statement, on its own connection.
 */
export class DemoWorker {
  readonly name: string;
  readonly #options: DemoWorkerOptions;
  readonly #connection: DemoConnection;
  #state: DemoWorkerState = 'idle';
  #fault: DemoWorkerFault | null = null;
  /** Aborted to kill the worker while its container runs. */
  #kill: AbortController | null = null;

  constructor(options: DemoWorkerOptions) {
    this.name = options.name;
    this.#options = options;
    this.#connection = new DemoConnection(options.url, `jobdeck-demo/${options.name}`, (line) => {
      this.#log(line);
    });
  }

  state(): DemoWorkerState {
    return this.#state;
  }

  /**
   * Makes the worker die at the next point matching `fault` (at once if its container
   * is running). Returns false when it is already dead or already doomed.
   */
  kill(fault: DemoWorkerFault): boolean {
    if (this.#state === 'dead' || this.#fault !== null) return false;
    this.#fault = fault;
    if (fault === 'mid-job' && this.#kill !== null) this.#kill.abort();
    return true;
  }

  /**
   * Runs until the signal aborts ('stopped'); lives, dies and restarts in between, or
   * returns 'died' at its first death when it does not come back by itself. Never rejects.
   */
  async run(): Promise<'stopped' | 'died'> {
    const { signal, random, speed } = this.#options;
    let backoff: number = ERROR_BACKOFF_MS[0];
    try {
      while (!signal.aborted) {
        this.#state = 'idle';
        const end = await this.#live();
        await this.#connection.close();
        if (end === 'aborted') return 'stopped';
        if (end === 'died') {
          this.#state = 'dead';
          this.#fault = null;
          if (this.#options.comesBack === false) return 'died';
          if (!(await sleep(random.between(...DOWNTIME_MS) / speed, signal))) return 'stopped';
          this.#log('restarted by Docker (restart: unless-stopped)');
          backoff = ERROR_BACKOFF_MS[0];
        } else {
          if (!(await sleep(backoff, signal))) return 'stopped';
          backoff = Math.min(backoff * 2, ERROR_BACKOFF_MS[1]);
        }
      }
      return 'stopped';
    } finally {
      if (this.#state !== 'dead') this.#state = 'idle';
      await this.#connection.close();
    }
  }

  /** One process lifetime: from `manage.py dequeue` starting to it dying or stopping. */
  async #live(): Promise<LifeEnd> {
    const { signal, speed } = this.#options;
    try {
      const client = await this.#connection.client();
      this.#log('Dequeue QFieldCloud Jobs from the DB');
      while (!signal.aborted) {
        const recovery = await client.query<{ in_recovery: boolean }>(
          'SELECT pg_is_in_recovery() AS in_recovery',
        );
        if (recovery.rows[0]?.in_recovery === true) {
          throw new Error('Expected `worker_wrapper` to be connected to the master DB node!');
        }
        let job: DequeuedJob | null;
        try {
          job = await dequeueJob(client);
        } catch (error) {
          if (!isSerializationFailure(error)) throw error;
          // Another replica changed the row after our snapshot: go again, a moment later.
          await sleep(this.#options.random.between(10, 100), signal);
          continue;
        }
        if (job === null) {
          await sleep(IDLE_POLL_MS / speed, signal);
          continue;
        }
        this.#log(`Dequeued job ${job.id}, run!`);
        if (this.#fault === 'after-dequeue') {
          this.#log(`killed after dequeuing job ${job.id}: it stays queued, never started`);
          return 'died';
        }
        this.#state = 'busy';
        const end = await this.#runJob(job);
        this.#state = 'idle';
        if (end === 'died') return 'died';
      }
      return 'aborted';
    } catch (error) {
      if (signal.aborted) return 'aborted';
      this.#log(`database error: ${error instanceof Error ? error.message : String(error)}`);
      return 'reconnect';
    }
  }

  /** worker_wrapper/wrapper.py `JobRun.run` and `_run_docker`, with a pretend container. */
  async #runJob(job: DequeuedJob): Promise<'done' | 'died'> {
    const { signal, speed, random } = this.#options;
    const db = this.#connection;
    await db.query("UPDATE core_job SET status = 'started', started_at = now() WHERE id = $1", [
      job.id,
    ]);
    // Upstream's own guard against two active jobs in one project.
    const concurrent = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM core_job
        WHERE project_id = $1 AND status IN ('queued', 'started') AND id <> $2`,
      [job.projectId, job.id],
    );
    if ((concurrent[0]?.n ?? 0) > 0) {
      await db.query("UPDATE core_job SET status = 'pending', started_at = NULL WHERE id = $1", [
        job.id,
      ]);
      this.#log(`Concurrent jobs occured for job ${job.id}.`);
      return 'done';
    }
    await sleep(random.between(...PREPARE_MS) / speed, signal);

    const profile = JOB_PROFILES[job.type];
    await db.query('UPDATE core_job SET docker_started_at = now() WHERE id = $1', [job.id]);
    this.#log(`Execute: python3 entrypoint.py ${profile.command} ${job.projectId} project.qgs`);
    const containerId = random.hex(64);
    await db.query('UPDATE core_job SET container_id = $2 WHERE id = $1', [job.id, containerId]);
    this.#log(`Starting worker ${containerId} ...`);

    const outcome = this.#decideOutcome(job.type);
    const runMs = random.between(profile.runMs[0], profile.runMs[1]) / speed;
    this.#kill = new AbortController();
    try {
      // A worker doomed before this job dies part-way through it.
      const dieAfter = this.#fault === 'mid-job' ? runMs * random.between(0.2, 0.8) : runMs;
      const ran = await sleep(dieAfter, AbortSignal.any([signal, this.#kill.signal]));
      if (!ran && this.#kill.signal.aborted) return this.#dieMidJob(job);
      if (ran && this.#fault === 'mid-job') return this.#dieMidJob(job);
      // Aborted by the fleet stopping: finish the job at once, as a graceful stop would.
    } finally {
      this.#kill = null;
    }

    await this.#record(job, outcome);
    return 'done';
  }

  #dieMidJob(job: DequeuedJob): 'died' {
    this.#log(`killed while running job ${job.id}: it stays started`);
    return 'died';
  }

  #decideOutcome(type: DemoJobType): { outcome: DemoOutcome; postgisDown: boolean } {
    const { random, conditions } = this.#options;
    const burst = Date.now() < conditions.failureBurstUntil;
    const failureRate = burst ? BURST_FAILURE_RATE : JOB_PROFILES[type].failureRate;
    if (!random.chance(failureRate)) return { outcome: 'success', postgisDown: false };
    if (!burst && random.chance(SIGKILL_SHARE))
      return { outcome: 'docker_sigkill', postgisDown: false };
    return { outcome: 'container_error', postgisDown: burst };
  }

  async #record(
    job: DequeuedJob,
    decision: { outcome: DemoOutcome; postgisDown: boolean },
  ): Promise<void> {
    const db = this.#connection;
    const result = buildJobResult({ type: job.type, random: this.#options.random, ...decision });
    // Upstream skips docker_finished_at when the engine killed the container.
    if (result.exitCode !== 137) {
      await db.query('UPDATE core_job SET docker_finished_at = now() WHERE id = $1', [job.id]);
    }
    this.#log(`Finished execution with code ${result.exitCode}`);
    await db.query('UPDATE core_job SET output = $2, feedback = $3 WHERE id = $1', [
      job.id,
      result.output,
      JSON.stringify(result.feedback),
    ]);
    if (decision.outcome === 'success') {
      await db.query("UPDATE core_job SET status = 'finished', finished_at = now() WHERE id = $1", [
        job.id,
      ]);
    } else {
      // A failed container leaves finished_at NULL, as upstream does.
      await db.query("UPDATE core_job SET status = 'failed' WHERE id = $1", [job.id]);
    }
  }

  #log(message: string): void {
    this.#options.log(`[${this.name}] ${message}`);
  }
}

function isSerializationFailure(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '40001'
  );
}
