import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ChildScript {
  readonly process: ChildProcess;
  /** Resolves when the child prints a line starting with `prefix` (the whole line). */
  waitFor(prefix: string, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then resolves with the exit code once it has exited. */
  stop(): Promise<number | null>;
}

/** Runs `test/fixtures/sqlite/<script>` in its own Node process (a real second SQLite client). */
export function startSqliteChild(script: string, args: readonly string[]): ChildScript {
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, '..', 'fixtures', 'sqlite', script), ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const waiters: { prefix: string; resolve: (line: string) => void }[] = [];
  let stderr = '';
  let buffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (line.startsWith(w.prefix)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
      nl = buffer.indexOf('\n');
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  return {
    process: child,
    waitFor(prefix, timeoutMs = 10_000) {
      const seen = lines.find((line) => line.startsWith(prefix));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(
            new Error(`${script} did not print "${prefix}" in ${timeoutMs} ms; stderr: ${stderr}`),
          );
        }, timeoutMs);
        waiters.push({
          prefix,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(
            new Error(`${script} exited (${String(code)}) before "${prefix}"; stderr: ${stderr}`),
          );
        });
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
