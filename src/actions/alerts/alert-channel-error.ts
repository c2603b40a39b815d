import { JobdeckError } from '../../shared/errors.js';

/**
 * A channel could not deliver a notice (webhook refused or timed out after its retries,
 * SMTP rejected, log file not writable). The message is one redacted line that names
 * the channel and what to check.
 */
export class AlertChannelError extends JobdeckError {
  override readonly name = 'AlertChannelError';

  constructor(
    readonly channel: string,
    message: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isAlertChannelError(value: unknown): value is AlertChannelError {
  return value instanceof AlertChannelError;
}
