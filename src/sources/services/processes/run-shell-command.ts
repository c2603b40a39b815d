import { execFile } from 'node:child_process';

export interface ShellResult {
  readonly ok: boolean;
  /** Exit code, null when killed by a signal or it could not run. */
  readonly code: number | null;
  /** The last non-blank line of stderr (or of the error), for one-line reports. */
  readonly lastLine: string;
}

function lastLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .pop() ?? ''
  );
}

/** `sh -c <command>` with extra environment, a timeout and a cancel signal. Never throws. */
export function runShellCommand(
  command: string,
  env: Readonly<Record<string, string>>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ShellResult> {
  return new Promise((done) => {
    execFile(
      'sh',
      ['-c', command],
      { env: { ...process.env, ...env }, timeout: timeoutMs, signal, maxBuffer: 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error === null) {
          done({ ok: true, code: 0, lastLine: lastLine(stderr) });
          return;
        }
        const code = typeof error.code === 'number' ? error.code : null;
        const why = error.killed ? `timed out after ${timeoutMs} ms` : lastLine(stderr);
        done({ ok: false, code, lastLine: why === '' ? lastLine(error.message) : why });
      },
    );
  });
}
