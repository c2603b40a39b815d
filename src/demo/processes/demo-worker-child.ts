import { renameSync, writeFileSync } from 'node:fs';

import { createRandom } from '../create-random.js';
import type { DemoConditions } from '../demo-worker.js';
import { DemoWorker } from '../demo-worker.js';
import { sleep } from '../../shared/sleep.js';
import {
  DEMO_WORKER_ENV,
  demoWorkerCommandSchema,
  demoWorkerSpecSchema,
  type DemoWorkerReport,
} from './demo-worker-messages.js';

/** How often the worker's state is compared with the last one reported. */
const REPORT_EVERY_MS = 100;

/**
 * One worker_wrapper replica as a real process (forked by DemoWorkerProcess): writes its
 * pid file, logs to stdout (its log file), runs one DemoWorker life and reports its state
 * to the parent. Killed by an incident, it SIGKILLs itself as the OOM killer or
 * `docker kill` would: the pid file stays behind, naming a pid that is gone. SIGTERM and
 * the parent going away stop it gracefully.
 */
async function main(): Promise<void> {
  const spec = demoWorkerSpecSchema.parse(JSON.parse(process.env[DEMO_WORKER_ENV] ?? 'null'));
  // Written whole, then renamed: a reader never sees half a pid.
  const temporary = `${spec.pidFile}.${String(process.pid)}.tmp`;
  writeFileSync(temporary, `${String(process.pid)}\n`);
  renameSync(temporary, spec.pidFile);

  const log = (line: string): void => {
    // DemoWorker prefixes its name; this file is its own already. No time stamp: the
    // panel shows the line, and the file's modification time says when.
    process.stdout.write(`${line.replace(/^\[[^\]]*\] /, '')}\n`);
  };
  const controller = new AbortController();
  const stop = (): void => {
    controller.abort();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);

  if (spec.crashAfterMs !== null) {
    log('Dequeue QFieldCloud Jobs from the DB');
    if (!(await sleep(spec.crashAfterMs, controller.signal))) process.exit(0);
    log(
      'docker.errors.ImageNotFound: 404 Client Error: Not Found ("No such image: opengisch/qfieldcloud-qgis:latest")',
    );
    process.exit(1);
  }

  const conditions: DemoConditions = { failureBurstUntil: 0 };
  const worker = new DemoWorker({
    name: spec.name,
    url: spec.url,
    speed: spec.speed,
    signal: controller.signal,
    log,
    random: createRandom(spec.seed),
    conditions,
    comesBack: false,
  });
  process.on('message', (message: unknown) => {
    const command = demoWorkerCommandSchema.safeParse(message);
    if (!command.success) return;
    if (command.data.type === 'kill') worker.kill(command.data.fault);
    else conditions.failureBurstUntil = command.data.failureBurstUntil;
  });

  let reported: string | null = null;
  const report = (): void => {
    const state = worker.state();
    if (state === reported || process.send === undefined || !process.connected) return;
    reported = state;
    const message: DemoWorkerReport = { type: 'state', state };
    process.send(message);
  };
  const reporter = setInterval(report, REPORT_EVERY_MS);
  report();
  const end = await worker.run();
  clearInterval(reporter);
  if (end === 'died') {
    // Gone at once, no cleanup: what a killed process leaves behind is the point.
    process.kill(process.pid, 'SIGKILL');
  }
  // The IPC channel would keep the process alive.
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stdout.write(
    `demo worker crashed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
