import type { EmailChannelOptions } from './channels/email-channel.js';
import type { WebhookChannelOptions } from './channels/webhook-channel.js';

/**
 * The channels after config + environment: what is on, with the secrets read (and
 * registered for redaction), and why each is on or off, for `alert --config`.
 */
export interface EffectiveAlertChannels {
  readonly log: { readonly enabled: boolean; readonly reason: string; readonly path: string };
  readonly console: { readonly enabled: boolean; readonly reason: string };
  readonly webhook:
    | ({
        readonly enabled: true;
        readonly reason: string;
        readonly urlEnv: string;
      } & WebhookChannelOptions)
    | { readonly enabled: false; readonly reason: string; readonly urlEnv: string };
  readonly email:
    | ({
        readonly enabled: true;
        readonly reason: string;
        readonly passwordEnv: string;
      } & EmailChannelOptions)
    | { readonly enabled: false; readonly reason: string };
}
