import type { AlertEvent } from '../alert-event.js';

/** What a channel reports after it delivered a batch. */
export interface ChannelDelivery {
  /** One line: `HTTP 200`, `250 Accepted`, `2 lines → /var/log/…`. */
  readonly detail: string;
  readonly attempts: number;
}

/**
 * Somewhere notices go: log file, console, webhook, e-mail. `send` delivers one batch
 * (all events of one check) and throws an `AlertChannelError` when it cannot; it must
 * stop on `signal`, and the dispatcher also stops waiting for it then.
 */
export interface AlertChannel {
  /** `log`, `console`, `webhook`, `email`. */
  readonly name: string;
  /** Where it delivers, safe to print: `https://hooks.slack.com/***`, `ops@example.com`. */
  readonly description: string;
  send(events: readonly AlertEvent[], signal: AbortSignal): Promise<ChannelDelivery>;
}
