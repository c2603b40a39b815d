import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The real binary, as built by `npm test` (which runs `npm run build` first). */
export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `jobdeck …` in `cwd` with a minimal environment (HOME and XDG dirs inside `cwd`). */
export function runCli(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: cwd,
      XDG_CONFIG_HOME: join(cwd, 'xdg-config'),
      XDG_STATE_HOME: join(cwd, 'xdg-state'),
      ...env,
    },
    encoding: 'utf8',
    timeout: 30_000,
    ...(input === undefined ? {} : { input }),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `runCli` without blocking this process: needed when the test itself serves something
 * the CLI talks to (a webhook receiver), which a synchronous spawn would starve.
 */
export function runCliAsync(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: cwd,
        XDG_CONFIG_HOME: join(cwd, 'xdg-config'),
        XDG_STATE_HOME: join(cwd, 'xdg-state'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
