import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errorLine } from '../../../shared/errors.js';
import { redactSecrets } from '../../../shared/redact.js';
import { AlertChannelError } from '../alert-channel-error.js';
import type { AlertChannel } from './alert-channel.js';

/**
 * Notices as JSON lines (one per event), like the audit log: one append per batch, so
 * concurrent writers interleave whole lines; times in ISO UTC; redacted; mode 0600.
 */
export function logFileChannel(path: string): AlertChannel {
  return {
    name: 'log',
    description: path,
    async send(events) {
      const lines = events.map((e) =>
        redactSecrets(
          JSON.stringify({
            time: new Date(e.at).toISOString(),
            kind: e.kind,
            severity: e.severity,
            rule: e.ruleId,
            subject: e.subject,
            summary: e.summary,
            target: e.target,
            since: new Date(e.since).toISOString(),
            repeat: e.repeat,
          }),
        ),
      );
      try {
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        await appendFile(path, `${lines.join('\n')}\n`, { encoding: 'utf8', mode: 0o600 });
      } catch (error) {
        throw new AlertChannelError(
          'log',
          `log channel: cannot append to ${path} (${errorLine(error)}); check the directory's permissions or set alerts.channels.log.path`,
          1,
          { cause: error },
        );
      }
      return { detail: `${lines.length} line(s) appended to ${path}`, attempts: 1 };
    },
  };
}
