import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();
let installed = false;

/**
 * Sends SIGINT (PostgreSQL's fast shutdown) to `child` when this process exits
 * normally, including by an uncaught exception. Only synchronous work is possible in
 * an 'exit' handler, which is all a signal needs. Returns the way to cancel it.
 */
export function stopOnExit(child: ChildProcess): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', () => {
      for (const server of running) {
        if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
      }
    });
  }
  running.add(child);
  return () => {
    running.delete(child);
  };
}
