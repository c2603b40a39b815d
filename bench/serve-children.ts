/**
 * Child processes of bench/serve.ts, each in a process group of its own (`detached`), so
 * that a Ctrl-C reaches only the bench, which then stops them in order: politely first
 * (the demo stops its fleet, its monitor and its PostgreSQL), then the whole group with
 * SIGKILL. A last synchronous sweep on `exit` kills any group still there.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

interface Tracked {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

const tracked: Tracked[] = [];

const alive = (child: ChildProcess): boolean =>
  child.exitCode === null && child.signalCode === null;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

process.on('exit', () => {
  for (const { child } of tracked) killGroup(child, 'SIGKILL');
});

/** Spawns `argv` in its own process group and tracks it until stopped. */
export function spawnTracked(
  name: string,
  argv: readonly string[],
  options: Omit<SpawnOptions, 'detached'>,
): ChildProcess {
  const [command, ...rest] = argv;
  if (command === undefined) throw new Error('spawnTracked: empty argv');
  const child = spawn(command, rest, { ...options, detached: true });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.once('error', () => {
      resolve();
    });
  });
  tracked.push({ name, child, exited });
  return child;
}

/** `signal` to the process, up to `graceMs` to exit, then SIGKILL to its whole group. */
export async function stopTracked(
  child: ChildProcess,
  signal: NodeJS.Signals,
  graceMs: number,
): Promise<void> {
  const entry = tracked.find((t) => t.child === child);
  if (entry === undefined) return;
  if (alive(child)) child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    entry.exited.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        resolve(true);
      }, graceMs);
    }),
  ]);
  clearTimeout(timer);
  if (timedOut) process.stderr.write(`${entry.name}: no exit after ${signal}; SIGKILL\n`);
  // Whatever it left in its group (worker replicas, a stuck server).
  killGroup(child, 'SIGKILL');
  tracked.splice(tracked.indexOf(entry), 1);
}
