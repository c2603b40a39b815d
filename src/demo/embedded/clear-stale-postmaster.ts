import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { SourceUnreachableError } from '../../shared/errors.js';

/**
 * Makes a reused data dir startable after a previous run was killed.
 *
 * `postmaster.pid` names the postmaster that owns the data dir. When that process is
 * gone, PostgreSQL normally ignores the file itself, but not when the PID has been
 * reused by an unrelated process (common in containers, where PIDs are small): then it
 * refuses to start. And when the previous jobdeck was SIGKILLed before its watchdog
 * could act, the old postmaster may still be running on this data dir: we stop it,
 * since nothing else can be using a jobdeck-owned data dir.
 */
export async function clearStalePostmaster(
  dataDir: string,
  log: (line: string) => void,
): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  let content: string;
  try {
    content = await readFile(pidFile, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw error;
  }
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    await rm(pidFile, { force: true });
    log(`removed a stale postmaster.pid from ${dataDir} (its server is gone)`);
    return;
  }
  const owner = await postmasterOf(pid, dataDir);
  if (owner === 'other') {
    await rm(pidFile, { force: true });
    log(`removed a stale postmaster.pid from ${dataDir} (PID ${pid} is now another process)`);
    return;
  }
  if (owner === 'unknown') {
    // Without /proc we cannot tell an orphaned server from PID reuse; PostgreSQL's
    // own lock-file check decides, and its message reaches the user.
    return;
  }
  log(`stopping PostgreSQL PID ${pid} left running on ${dataDir} by a previous run`);
  for (const [signal, waitMs] of [
    ['SIGINT', 10_000],
    ['SIGQUIT', 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch (error) {
      if (isErrno(error, 'ESRCH')) return;
      throw new SourceUnreachableError(
        `A previous PostgreSQL (PID ${pid}) still runs on ${dataDir} and cannot be stopped: stop it, then retry.`,
        { cause: error },
      );
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (!isAlive(pid)) return;
      await delay(50);
    }
  }
  throw new SourceUnreachableError(
    `A previous PostgreSQL (PID ${pid}) on ${dataDir} did not stop: kill it, then retry.`,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return isErrno(error, 'EPERM');
  }
}

/** Whether `pid` is a PostgreSQL server running on `dataDir`, judged from /proc. */
async function postmasterOf(pid: number, dataDir: string): Promise<'ours' | 'other' | 'unknown'> {
  let cmdline: string;
  try {
    cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return process.platform === 'linux' ? 'other' : 'unknown';
  }
  const args = cmdline.split('\0');
  const isPostgres = (args[0] ?? '').endsWith('postgres');
  const dirIndex = args.indexOf('-D');
  return isPostgres && dirIndex >= 0 && args[dirIndex + 1] === dataDir ? 'ours' : 'other';
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
