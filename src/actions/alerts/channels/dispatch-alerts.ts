import { errorLine } from '../../../shared/errors.js';
import { isAlertChannelError } from '../alert-channel-error.js';
import type { AlertEvent } from '../alert-event.js';
import type { AlertChannel } from './alert-channel.js';
import type { ChannelResult } from './channel-result.js';

/** Upper bound for one channel: a webhook with 3 retries at 5 s plus backoff fits easily. */
const DEFAULT_CHANNEL_TIMEOUT_MS = 120_000;

/**
 * Sends one batch to every channel in parallel and reports each outcome. A failing or
 * hanging channel never blocks the others: errors become results, and the dispatcher
 * stops waiting for a channel at `timeoutMs` (aborting it). Never throws.
 */
export async function dispatchAlerts(
  channels: readonly AlertChannel[],
  events: readonly AlertEvent[],
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ChannelResult[]> {
  if (events.length === 0) return [];
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHANNEL_TIMEOUT_MS;
  return Promise.all(
    channels.map(async (channel): Promise<ChannelResult> => {
      const started = performance.now();
      const controller = new AbortController();
      const signal =
        options.signal === undefined
          ? controller.signal
          : AbortSignal.any([controller.signal, options.signal]);
      let timer: NodeJS.Timeout | undefined;
      const result = (ok: boolean, detail: string, attempts: number): ChannelResult => ({
        channel: channel.name,
        description: channel.description,
        ok,
        detail,
        attempts,
        elapsedMs: Math.round(performance.now() - started),
        events: events.length,
      });
      const deadline = new Promise<ChannelResult>((resolve) => {
        timer = setTimeout(() => {
          controller.abort();
          resolve(result(false, `${channel.name}: no result within ${timeoutMs} ms; gave up`, 0));
        }, timeoutMs);
      });
      const attempt = (async (): Promise<ChannelResult> => {
        try {
          const delivery = await channel.send(events, signal);
          return result(true, delivery.detail, delivery.attempts);
        } catch (error) {
          return result(false, errorLine(error), isAlertChannelError(error) ? error.attempts : 1);
        }
      })();
      try {
        return await Promise.race([attempt, deadline]);
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
