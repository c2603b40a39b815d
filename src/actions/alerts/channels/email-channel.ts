import { errorLine } from '../../../shared/errors.js';
import { networkErrorReason } from '../../../shared/network-error.js';
import { redactSecrets, registerSecret } from '../../../shared/redact.js';
import { AlertChannelError } from '../alert-channel-error.js';
import { formatAlertMessage } from '../format-alert-message.js';
import type { AlertChannel } from './alert-channel.js';

export interface EmailChannelOptions {
  readonly host: string;
  readonly port: number;
  /** Implicit TLS (465). */
  readonly secure: boolean;
  /** Without `secure`: fail unless the server upgrades with STARTTLS. */
  readonly requireTls: boolean;
  /** Accept a self-signed certificate. */
  readonly insecureTls: boolean;
  readonly user: string | null;
  /** Secret, from the environment. */
  readonly password: string | null;
  readonly from: string;
  readonly to: readonly string[];
  readonly subjectPrefix: string;
  /** Connect, greeting and idle-socket timeout, ms. */
  readonly timeoutMs: number;
}

/**
 * E-mail over SMTP with nodemailer: one message per batch, a fresh connection per
 * message (alerts are rare; a pooled connection would only go stale between them).
 */
export function emailChannel(options: EmailChannelOptions): AlertChannel {
  registerSecret(options.password ?? undefined);
  const to = options.to.join(', ');
  const server = `${options.host}:${options.port}`;
  return {
    name: 'email',
    description: `${to} via ${server}`,
    async send(events, signal) {
      const { subject, text } = formatAlertMessage(events, options.subjectPrefix);
      // Loaded with the first mail: a monitor without an email channel never loads it.
      const { createTransport } = await import('nodemailer');
      const transport = createTransport({
        host: options.host,
        port: options.port,
        secure: options.secure,
        requireTLS: !options.secure && options.requireTls,
        tls: { rejectUnauthorized: !options.insecureTls },
        ...(options.user === null
          ? {}
          : { auth: { user: options.user, pass: options.password ?? '' } }),
        connectionTimeout: options.timeoutMs,
        greetingTimeout: options.timeoutMs,
        socketTimeout: options.timeoutMs,
      });
      // nodemailer takes no AbortSignal: closing the transport ends the attempt.
      const onAbort = (): void => {
        transport.close();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: [...options.to],
          subject: redactSecrets(subject),
          text: redactSecrets(text),
          headers: { 'X-Jobdeck-Alert': events.map((e) => `${e.kind}:${e.ruleId}`).join(', ') },
        });
        const rejected = info.rejected.length;
        return {
          detail: `${info.response.split('\n')[0] ?? 'sent'} (to ${to}${rejected > 0 ? `, ${rejected} rejected` : ''})`,
          attempts: 1,
        };
      } catch (error) {
        const code =
          typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
        let reason: string;
        if (code === 'EAUTH') {
          reason = `authentication failed (${errorLine(error)}); check alerts.channels.email.user and the password variable`;
        } else if (code === 'ETLS') {
          reason = `no TLS (${errorLine(error)}); use secure: true for port 465, or requireTls: false only for a relay on a trusted network`;
        } else if (code === 'ESOCKET' || code === 'ECONNECTION') {
          reason = `${networkErrorReason(error)}; check host, port and secure`;
        } else {
          reason = networkErrorReason(error);
        }
        throw new AlertChannelError('email', `email via ${server}: ${reason}`, 1, {
          cause: error,
        });
      } finally {
        signal.removeEventListener('abort', onAbort);
        transport.close();
      }
    },
  };
}
