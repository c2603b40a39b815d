import { createRandom } from './create-random.js';
import { DemoConnection } from './demo-connection.js';
import { runDemoCron } from './demo-cron.js';
import { runDemoIncidents } from './demo-incidents.js';
import { runDemoProducer } from './demo-producer.js';
import type { DemoConditions, DemoWorkerState } from './demo-worker.js';
import { DemoWorker } from './demo-worker.js';
import type { DemoFleetMember } from './demo-fleet-member.js';
import { DemoWorkerProcess } from './processes/demo-worker-process.js';
import { SourceUnreachableError } from '../shared/errors.js';

export interface DemoFleetOptions {
  /** A database with the QFieldCloud schema loaded (see loadSchema). */
  readonly url: string;
  /** worker_wrapper replicas. Default 3. */
  readonly workers?: number;
  /** Simulated time runs this many times faster. Default 1. */
  readonly speed?: number;
  /**
   * Run each replica as a real child process writing `<runDir>/<name>.pid` and `.log`
   * (what `jobdeck demo` shows through the processes provider). Default: in this process.
   */
  readonly runDir?: string;
  readonly signal: AbortSignal;
  readonly log?: (line: string) => void;
}

export interface DemoFleet {
  /** Stops every loop and closes every connection. Idempotent; never rejects. */
  stop(): Promise<void>;
  readonly workers: ReadonlyArray<{
    readonly name: string;
    readonly state: () => DemoWorkerState;
    /** The replica's pid when it is a running child process, else null. */
    readonly pid: () => number | null;
  }>;
}

/**
 * A simulated QFieldCloud back end on `url`: worker_wrapper replicas dequeuing and
 * running jobs, the API adding jobs, the app's stuck-job cron, and scripted incidents.
 * Each simulated process has its own PostgreSQL session. Almost all time is spent
 * waiting on timers: a few queries a second at speed 1.
 */
export async function startDemoFleet(options: DemoFleetOptions): Promise<DemoFleet> {
  const log = options.log ?? (() => undefined);
  const speed = options.speed ?? 1;
  const count = options.workers ?? 3;
  if (!(speed > 0 && Number.isFinite(speed)))
    throw new RangeError(`speed must be > 0, got ${speed}`);
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`workers must be ≥ 1, got ${count}`);

  const controller = new AbortController();
  const stopOnAbort = (): void => {
    controller.abort();
  };
  options.signal.addEventListener('abort', stopOnAbort, { once: true });
  if (options.signal.aborted) controller.abort();
  const signal = controller.signal;

  // The app's session (API inserts, cron, incident checks). Connecting it first makes
  // an unreachable database fail here, not in five loops' logs.
  const app = new DemoConnection(options.url, 'jobdeck-demo/app', log);
  try {
    await app.client();
  } catch (error) {
    options.signal.removeEventListener('abort', stopOnAbort);
    throw new SourceUnreachableError(
      `The demo database is not reachable: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }

  const random = createRandom();
  const conditions: DemoConditions = { failureBurstUntil: 0 };
  const names = Array.from({ length: count }, (_, i) => `worker_wrapper-${String(i + 1)}`);
  const runDir = options.runDir;
  const members: { member: DemoFleetMember; pid: () => number | null; run: Promise<unknown> }[] =
    names.map((name) => {
      if (runDir === undefined) {
        const worker = new DemoWorker({
          name,
          url: options.url,
          speed,
          signal,
          log,
          random,
          conditions,
        });
        return { member: worker, pid: () => null, run: worker.run() };
      }
      const worker = new DemoWorkerProcess({
        name,
        url: options.url,
        speed,
        runDir,
        random,
        conditions,
        log,
      });
      worker.start();
      const stopped = new Promise<void>((resolve) => {
        const stop = (): void => {
          void worker.stop().then(resolve);
        };
        if (signal.aborted) stop();
        else signal.addEventListener('abort', stop, { once: true });
      });
      return { member: worker, pid: () => worker.pid, run: stopped };
    });
  const workers = members.map((m) => m.member);
  const loops: Promise<unknown>[] = [
    ...members.map((m) => m.run),
    runDemoProducer({ connection: app, speed, signal, log, random }),
    runDemoCron({ connection: app, speed, signal, log }),
    runDemoIncidents({ workers, conditions, connection: app, speed, signal, log, random }),
  ].map((loop) =>
    // The loops never reject by design; this keeps a bug from becoming an unhandled rejection.
    loop.catch((error: unknown) => {
      log(`demo fleet: a loop crashed: ${error instanceof Error ? error.message : String(error)}`);
    }),
  );
  const stopped = Promise.all(loops).then(async () => {
    await app.close();
    options.signal.removeEventListener('abort', stopOnAbort);
  });
  log(`demo fleet: ${String(count)} worker_wrapper replicas at speed ×${String(speed)}`);

  return {
    workers: members.map(({ member, pid }) => ({
      name: member.name,
      state: () => member.state(),
      pid,
    })),
    stop(): Promise<void> {
      controller.abort();
      return stopped;
    },
  };
}
