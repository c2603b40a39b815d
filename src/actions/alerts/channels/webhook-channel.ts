import { setTimeout as sleep } from 'node:timers/promises';
import { networkErrorReason } from '../../../shared/network-error.js';
import { redactSecrets, registerSecret } from '../../../shared/redact.js';
import { AlertChannelError } from '../alert-channel-error.js';
import { formatAlertMessage } from '../format-alert-message.js';
import type { AlertChannel } from './alert-channel.js';

export interface WebhookChannelOptions {
  /** Secret: Slack and most chat gateways put the credential in the path. */
  readonly url: string;
  /** Per attempt, ms. */
  readonly timeoutMs: number;
  /** Attempts after the first. */
  readonly retries: number;
  /** Wait before the first retry, ms; doubles each time. */
  readonly backoffMs: number;
}

/** A longer Retry-After than this is not honoured: the next check will notify anyway. */
const MAX_RETRY_AFTER_MS = 30_000;

/** `https://hooks.slack.com/***`: the origin only, the path carries the token. */
function shownUrl(url: string): string {
  try {
    return `${new URL(url).origin}/***`;
  } catch {
    return '***';
  }
}

const retryableStatus = (status: number): boolean =>
  status === 408 || status === 425 || status === 429 || status >= 500;

/**
 * JSON POST per batch. `text` is what Slack, Mattermost, Rocket.Chat and most WhatsApp
 * gateways display; `alerts` carries the structured events for anything smarter.
 * Retries network errors, timeouts, 408/425/429 and 5xx with exponential backoff (and a
 * short Retry-After); any other 4xx is a configuration error and is not retried.
 */
export function webhookChannel(options: WebhookChannelOptions): AlertChannel {
  registerSecret(options.url);
  const where = shownUrl(options.url);
  return {
    name: 'webhook',
    description: where,
    async send(events, signal) {
      const { text } = formatAlertMessage(events, '');
      const body = redactSecrets(
        JSON.stringify({
          text,
          alerts: events.map((e) => ({
            kind: e.kind,
            severity: e.severity,
            rule: e.ruleId,
            subject: e.subject,
            summary: e.summary,
            target: e.target,
            at: new Date(e.at).toISOString(),
            since: new Date(e.since).toISOString(),
            repeat: e.repeat,
          })),
        }),
      );
      // A function, not the property: TypeScript would narrow it to false after one check.
      const aborted = (): boolean => signal.aborted;
      const attemptsMax = options.retries + 1;
      let last = '';
      for (let attempt = 1; attempt <= attemptsMax; attempt++) {
        if (aborted()) {
          throw new AlertChannelError(
            'webhook',
            `webhook ${where}: aborted${last === '' ? '' : ` (${last})`}`,
            attempt - 1,
          );
        }
        let waitMs = options.backoffMs * 2 ** (attempt - 1);
        try {
          const response = await fetch(options.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': 'jobdeck' },
            body,
            redirect: 'manual',
            signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]),
          });
          // Drain, so the connection is released (and a chatty error body is not kept).
          const answer = (await response.text()).slice(0, 200).replace(/\s+/g, ' ').trim();
          if (response.ok) {
            return { detail: `HTTP ${response.status}`, attempts: attempt };
          }
          last = `HTTP ${response.status}${answer === '' ? '' : ` ${answer}`}`;
          if (!retryableStatus(response.status)) {
            throw new AlertChannelError(
              'webhook',
              `webhook ${where}: ${last}; check the URL in the environment variable (not retried)`,
              attempt,
            );
          }
          const retryAfter = Number(response.headers.get('retry-after'));
          if (Number.isFinite(retryAfter) && retryAfter > 0) {
            waitMs = Math.max(waitMs, Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS));
          }
        } catch (error) {
          if (error instanceof AlertChannelError) throw error;
          if (aborted()) {
            throw new AlertChannelError('webhook', `webhook ${where}: aborted`, attempt, {
              cause: error,
            });
          }
          const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
          last = timedOut
            ? `no answer within ${options.timeoutMs} ms`
            : networkErrorReason(
                error instanceof TypeError && error.cause !== undefined ? error.cause : error,
              );
        }
        if (attempt < attemptsMax) {
          try {
            await sleep(waitMs, undefined, { signal });
          } catch {
            // Aborted while waiting: the check at the top of the loop reports it.
          }
        }
      }
      throw new AlertChannelError(
        'webhook',
        `webhook ${where}: ${last} after ${attemptsMax} attempt(s); check that the receiver is up`,
        attemptsMax,
      );
    },
  };
}
