import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A worker: writes its pid file (atomically), logs a line, then idles until killed.
const WORKER = `
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
const [dir, name] = process.argv.slice(2);
writeFileSync(dir + '/' + name + '.pid.tmp', process.pid + '\\n');
renameSync(dir + '/' + name + '.pid.tmp', dir + '/' + name + '.pid');
appendFileSync(dir + '/' + name + '.log', 'boot\\n' + name + ' ready pid ' + process.pid + '\\n\\n  \\n');
setInterval(() => {}, 60_000);
`;

// A supervisor: one worker per name, respawned 100 ms after it dies.
const SUPERVISOR = `
import { spawn } from 'node:child_process';
const [dir, ...names] = process.argv.slice(2);
const run = (name) => {
  const child = spawn(process.execPath, [dir + '/jd-worker.mjs', dir, name], { stdio: 'ignore' });
  child.on('exit', () => setTimeout(() => run(name), 100));
};
for (const name of names) run(name);
setInterval(() => {}, 60_000);
`;

/** A tiny supervisor of `sleep`-like workers, in a fresh directory; `stop()` kills it all. */
export interface ProcessesSupervisor {
  readonly dir: string;
  readonly supervisorPid: number;
  /** The pid a worker's pid file holds now, null when absent. */
  pidOf(name: string): number | null;
  stop(): void;
}

export function startProcessesSupervisor(names: readonly string[]): ProcessesSupervisor {
  // No "worker" in the directory name: tests match workers by `jd-worker.mjs` only.
  const dir = mkdtempSync(join(tmpdir(), 'jobdeck-procs-'));
  writeFileSync(join(dir, 'jd-worker.mjs'), WORKER);
  writeFileSync(join(dir, 'jd-supervisor.mjs'), SUPERVISOR);
  // Detached: its own process group, which the workers inherit, so one kill ends them all.
  const child: ChildProcess = spawn(
    process.execPath,
    [join(dir, 'jd-supervisor.mjs'), dir, ...names],
    { stdio: 'ignore', detached: true },
  );
  const supervisorPid = child.pid;
  if (supervisorPid === undefined) throw new Error('the test supervisor did not start');
  const pidOf = (name: string): number | null => {
    try {
      const pid = Number(readFileSync(join(dir, `${name}.pid`), 'utf8').trim());
      return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  };
  return {
    dir,
    supervisorPid,
    pidOf,
    stop: () => {
      for (const pid of [-supervisorPid, ...names.map(pidOf)]) {
        if (pid === null) continue;
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 50 ms until it returns a value other than undefined, or throws on timeout. */
export async function waitForValue<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether a process with this pid exists (signal 0 checks without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
