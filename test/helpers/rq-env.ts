/**
 * Real rq for the integration tests: Debian's python3-rq 1.13 run by /usr/bin/python3
 * (not a pyenv python3 that may come first on PATH), the job functions in
 * test/fixtures/rq/rq_test_jobs.py, and rq's own answers through rqctl.py and
 * `rq info --raw`. Every worker started here is stopped by its own pid.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const RQ_PYTHON = '/usr/bin/python3';
export const RQ_CLI = '/usr/bin/rq';
export const RQ_FIXTURES = resolve(import.meta.dirname, '..', 'fixtures', 'rq');

const env = (url: string): NodeJS.ProcessEnv => ({
  ...process.env,
  RQ_URL: url,
  PYTHONPATH: RQ_FIXTURES,
  // A pyenv shim first on PATH must not shadow Debian's interpreter inside rq's scripts.
  PYTHONNOUSERSITE: '1',
  // No __pycache__ inside test/fixtures.
  PYTHONDONTWRITEBYTECODE: '1',
});

/** Whether Debian's python3-rq is installed; in CI its absence fails the run. */
export async function requireRq(): Promise<{ available: boolean; reason: string }> {
  let reason: string | null = null;
  if (!existsSync(RQ_PYTHON) || !existsSync(RQ_CLI)) {
    reason = `${RQ_PYTHON} or ${RQ_CLI} is missing: apt-get install python3-rq`;
  } else {
    try {
      await run(RQ_PYTHON, ['-c', 'import rq']);
    } catch {
      reason = `${RQ_PYTHON} cannot import rq: apt-get install python3-rq`;
    }
  }
  if (reason === null) return { available: true, reason: 'python3-rq is installed' };
  if (process.env.CI === 'true') {
    throw new Error(`CI=true and a required component is missing: ${reason}`);
  }
  return { available: false, reason: `skipping: ${reason}` };
}

/** Runs one rqctl.py command (enqueue, counts, job) and parses its JSON answer. */
export async function rqctl(
  command: 'enqueue' | 'counts' | 'job',
  arg: unknown,
  url: string,
): Promise<unknown> {
  const { stdout } = await run(
    RQ_PYTHON,
    [join(RQ_FIXTURES, 'rqctl.py'), command, JSON.stringify(arg)],
    {
      env: env(url),
    },
  );
  return JSON.parse(stdout) as unknown;
}

export interface RqInfo {
  readonly queues: ReadonlyMap<string, number>;
  readonly workers: readonly { name: string; state: string; queues: string[] }[];
}

/**
 * `rq info --raw`: `queue <name> <count>` and `worker <name> (<host> <ip> <pid>) <state> <queues>`.
 * Note: rq's Worker.all() removes members whose key has expired from rq:workers.
 */
export async function rqInfo(url: string, queues: readonly string[] = []): Promise<RqInfo> {
  const { stdout } = await run(RQ_CLI, ['info', '--raw', '--url', url, ...queues], {
    env: env(url),
  });
  const counts = new Map<string, number>();
  const workers: { name: string; state: string; queues: string[] }[] = [];
  for (const line of stdout.split('\n')) {
    const q = /^queue (\S+) (\d+)$/.exec(line);
    if (q?.[1] !== undefined) counts.set(q[1], Number(q[2]));
    const w = /^worker (\S+) \(.*\) (\S+) (.*)$/.exec(line);
    if (w?.[1] !== undefined && w[2] !== undefined) {
      workers.push({ name: w[1], state: w[2], queues: (w[3] ?? '').split(', ').filter(Boolean) });
    }
  }
  return { queues: counts, workers };
}

export interface RqWorkerProcess {
  readonly name: string;
  readonly pid: number;
  readonly exited: Promise<number | null>;
  readonly child: ChildProcess;
  /** Output so far, for failure messages. */
  output(): string;
}

/** Starts `rq worker` (the forking Worker) on the given queues. */
export function startRqWorker(opts: {
  url: string;
  name: string;
  queues: readonly string[];
  burst?: boolean;
}): RqWorkerProcess {
  const args = ['worker', '--url', opts.url, '--name', opts.name, '-P', RQ_FIXTURES];
  if (opts.burst === true) args.push('--burst');
  const child = spawn(RQ_CLI, [...args, ...opts.queues], {
    env: env(opts.url),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((done) => {
    child.once('exit', (code) => {
      done(code);
    });
  });
  if (child.pid === undefined) throw new Error(`could not start ${RQ_CLI}`);
  return { name: opts.name, pid: child.pid, exited, child, output: () => out };
}

/** Children of a process (the forking worker's work horse), from /proc. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Polls until `check` returns a value (not null/undefined/false) or the time is up. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: last });
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
