import type { Writable } from 'node:stream';
import { errorLine } from '../../../shared/errors.js';
import { redactSecrets } from '../../../shared/redact.js';
import { AlertChannelError } from '../alert-channel-error.js';
import { formatAlertLine } from '../format-alert-line.js';
import type { AlertChannel } from './alert-channel.js';

/**
 * One line per notice on a stream: stderr in `jobdeck monitor` (journald adds its own
 * timestamp, but a redirected file does not, so the line carries one).
 */
export function consoleChannel(stream: Writable, description = 'stderr'): AlertChannel {
  return {
    name: 'console',
    description,
    send(events) {
      const text = events
        .map((e) => `${new Date(e.at).toISOString()} alert ${redactSecrets(formatAlertLine(e))}\n`)
        .join('');
      return new Promise((resolve, reject) => {
        stream.write(text, 'utf8', (error) => {
          if (error == null) resolve({ detail: `${events.length} line(s) written`, attempts: 1 });
          else
            reject(
              new AlertChannelError('console', `console channel: ${errorLine(error)}`, 1, {
                cause: error,
              }),
            );
        });
      });
    },
  };
}
