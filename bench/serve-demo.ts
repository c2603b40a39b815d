/**
 * `node dist/cli.js demo --data-dir DIR` for bench/serve.ts, and what a second jobdeck
 * needs to read the same database: the demo writes `DIR/jobdeck.yaml` (its queue URL comes
 * from DATABASE_URL, which the demo passes to its own monitor child) and logs the embedded
 * PostgreSQL's port and data dir to `DIR/demo.log`; the superuser's password is kept in
 * that data dir (`jobdeck-password`). The database is QFieldCloud's `qfieldcloud_db`.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnTracked } from './serve-children.js';

export interface RunningDemo {
  readonly child: ChildProcess;
  /** The demo's own config (`DIR/jobdeck.yaml`). */
  readonly configPath: string;
  /** XDG_STATE_HOME of the demo (its alert state, history). */
  readonly stateHome: string;
  /** `postgres://postgres:…@127.0.0.1:<port>/qfieldcloud_db` (holds the password). */
  readonly url: string;
  readonly pgPort: number;
}

const READY =
  /embedded PostgreSQL ready on 127\.0\.0\.1:(\d+) in [\d.]+ s \((?:reused data dir|initialised) ([^\s)]+)/;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startDemo(
  cli: string,
  dataDir: string,
  timeoutMs: number,
): Promise<RunningDemo> {
  const configPath = join(dataDir, 'jobdeck.yaml');
  const logPath = join(dataDir, 'demo.log');
  let stderr = '';
  // stdout is not a terminal: the demo redraws a status report there (thrown away).
  const child = spawnTracked('demo', [process.execPath, cli, 'demo', '--data-dir', dataDir], {
    env: process.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the demo exited (${String(child.exitCode ?? child.signalCode)}):\n${stderr}`,
      );
    }
    const log = existsSync(logPath) ? readFileSync(logPath, 'utf8') : '';
    // The config is written after the database, its history and the fleet are up.
    const ready = READY.exec(log);
    if (ready !== null && existsSync(configPath)) {
      const pgPort = Number(ready[1]);
      const pgDataDir = ready[2] ?? '';
      const password = readFileSync(join(pgDataDir, 'jobdeck-password'), 'utf8').trim();
      return {
        child,
        configPath,
        stateHome: join(dataDir, 'state'),
        url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/qfieldcloud_db`,
        pgPort,
      };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the demo was not ready within ${timeoutMs / 1000} s:\n${stderr}\n${log.slice(-2000)}`,
      );
    }
    await sleep(250);
  }
}
