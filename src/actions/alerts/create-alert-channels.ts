import type { Writable } from 'node:stream';
import type { AlertChannel } from './channels/alert-channel.js';
import { consoleChannel } from './channels/console-channel.js';
import { emailChannel } from './channels/email-channel.js';
import { logFileChannel } from './channels/log-file-channel.js';
import { webhookChannel } from './channels/webhook-channel.js';
import type { EffectiveAlertChannels } from './effective-alert-channels.js';

/**
 * The enabled channels. `console` is the stream notices are written to: stderr in the
 * monitor; the dashboard passes none (its Alerts panel reads the evaluation instead).
 */
export function createAlertChannels(
  effective: EffectiveAlertChannels,
  options: { console?: Writable | null; consoleName?: string } = {},
): AlertChannel[] {
  const channels: AlertChannel[] = [];
  if (effective.log.enabled) channels.push(logFileChannel(effective.log.path));
  const stream = options.console === undefined ? process.stderr : options.console;
  if (effective.console.enabled && stream !== null) {
    channels.push(consoleChannel(stream, options.consoleName ?? 'stderr'));
  }
  if (effective.webhook.enabled) channels.push(webhookChannel(effective.webhook));
  if (effective.email.enabled) channels.push(emailChannel(effective.email));
  return channels;
}
