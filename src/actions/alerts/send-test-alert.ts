import { hostname } from 'node:os';
import type { AlertEvent } from './alert-event.js';
import type { AlertChannel } from './channels/alert-channel.js';
import type { ChannelResult } from './channels/channel-result.js';
import { dispatchAlerts } from './channels/dispatch-alerts.js';

/**
 * `jobdeck alert --test` and the dashboard's `t` key: one test notice on every given
 * (enabled) channel, with each channel's result. Never throws.
 */
export function sendTestAlert(
  channels: readonly AlertChannel[],
  options: { target?: string; now?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ChannelResult[]> {
  const at = options.now ?? Date.now();
  const event: AlertEvent = {
    kind: 'test',
    ruleId: 'test',
    subject: hostname(),
    severity: 'warning',
    summary: 'test alert from jobdeck; if you read this, the channel works',
    target: options.target ?? 'default',
    at,
    since: at,
    repeat: false,
  };
  return dispatchAlerts(channels, [event], {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}
