import type { AlertEvaluation } from './alert-evaluation.js';
import type { ChannelResult } from './channels/channel-result.js';

/** One monitor check: what the engine decided and what each channel did with it. */
export interface AlertCheckResult {
  readonly at: number;
  readonly evaluation: AlertEvaluation;
  /** Per channel; empty when nothing was to be sent. */
  readonly deliveries: readonly ChannelResult[];
  /**
   * Why the state database could not be read or written this check (one redacted line),
   * or null. The check still evaluated and notified; the monitor should log this.
   */
  readonly stateError: string | null;
}
