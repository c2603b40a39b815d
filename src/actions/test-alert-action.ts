import type { Action, ActionPreview, ActionResult } from './action.js';
import type { AlertChannel } from './alerts/channels/alert-channel.js';
import { sendTestAlert } from './alerts/send-test-alert.js';

/**
 * The `t` key: a test alert on every enabled channel, with each channel's result
 * (delivered, or why not). Changes nothing in the watched system; still confirmed,
 * because it pages people.
 */
export function testAlertAction(
  channels: readonly AlertChannel[],
  target: string,
  /** Why the channels could not be built (a channel enabled without its secret). */
  channelError: string | null = null,
): Action<null> {
  return {
    id: 'test-alert',
    label: 'send a test alert',
    target: `${String(channels.length)} alert channel(s)`,
    preview(): Promise<ActionPreview<null>> {
      return Promise.resolve({
        summary:
          channelError !== null
            ? channelError
            : channels.length === 0
              ? 'no alert channel is enabled (alerts.channels in the config)'
              : `send a test alert on ${channels.map((c) => c.name).join(', ')}`,
        details: channels.map((c) => `${c.name}: ${c.description}`),
        confirmWord: null,
        empty: channelError !== null || channels.length === 0,
        plan: null,
      });
    },
    async run(): Promise<ActionResult> {
      const results = await sendTestAlert(channels, { target });
      const ok = results.filter((r) => r.ok).length;
      return {
        ok: ok === results.length,
        summary: `test alert: ${String(ok)} of ${String(results.length)} channel(s) delivered`,
        items: results.map((r) => ({ target: r.channel, ok: r.ok, detail: r.detail })),
      };
    },
  };
}
