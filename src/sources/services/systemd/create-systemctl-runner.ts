import { execFile } from 'node:child_process';
import { SourceQueryError, SourceUnreachableError } from '../../../shared/errors.js';
import { formatAge } from '../../../shared/format-age.js';
import type { SystemctlRunner } from './systemctl-runner.js';

/** More than any `systemctl show` of a few hundred units prints; a runaway tool is cut. */
const MAX_BUFFER = 8 * 1024 * 1024;

/**
 * The real runner: `execFile` (no shell, so a unit name is never shell syntax), killed
 * after `timeoutMs`. The child runs with TZ=UTC so every timestamp systemctl prints ends
 * in `UTC` (a local zone abbreviation like `CET` cannot be turned back into an offset), and
 * LC_ALL=C so the messages the provider recognises are the English ones.
 */
export function createSystemctlRunner(timeoutMs: number): SystemctlRunner {
  return (command, args, signal) =>
    new Promise((resolve, reject) => {
      execFile(
        command,
        [...args],
        {
          timeout: timeoutMs,
          maxBuffer: MAX_BUFFER,
          signal,
          env: { ...process.env, TZ: 'UTC', LC_ALL: 'C', SYSTEMD_COLORS: '0' },
        },
        (error, stdout, stderr) => {
          if (error === null) {
            resolve({ code: 0, stdout, stderr });
            return;
          }
          if (error.name === 'AbortError') {
            // The caller's own reason (a timeout, a shutdown) when it gave one.
            const reason: unknown = signal?.reason;
            reject(reason instanceof Error ? reason : error);
            return;
          }
          if (error.code === 'ENOENT') {
            reject(
              command === 'systemctl'
                ? new SourceUnreachableError(
                    'systemctl not found: the systemd provider needs systemd (use services.processes or services.supervisor instead)',
                    { cause: error },
                  )
                : new SourceQueryError('journalctl not found', { cause: error }),
            );
            return;
          }
          if (typeof error.code === 'number') {
            resolve({ code: error.code, stdout, stderr });
            return;
          }
          if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
            resolve({ code: null, stdout, stderr: `${command} printed more than 8 MiB` });
            return;
          }
          if (error.killed === true || error.signal != null) {
            const why =
              error.killed === true
                ? `${command} timed out after ${formatAge(timeoutMs / 1000)}`
                : `${command} was killed by ${error.signal ?? 'a signal'}`;
            resolve({ code: null, stdout, stderr: `${stderr}\n${why}` });
            return;
          }
          reject(
            new SourceQueryError(`cannot run ${command}: ${error.code ?? 'unknown error'}`, {
              cause: error,
            }),
          );
        },
      );
    });
}
