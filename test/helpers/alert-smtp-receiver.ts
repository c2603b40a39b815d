import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string | null;
  readonly to: readonly string[];
  readonly subject: string;
  /** The text body, quoted-printable decoded. */
  readonly text: string;
  /** Whether the session was encrypted (STARTTLS or implicit TLS). */
  readonly secure: boolean;
  readonly user: string | null;
}

export interface SmtpReceiver {
  readonly port: number;
  readonly mails: ReceivedMail[];
  close(): Promise<void>;
}

function decode(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = (split < 0 ? raw : raw.slice(0, split)).replace(/\r\n[ \t]+/g, ' ');
  let body = split < 0 ? '' : raw.slice(split + 4);
  const header = (name: string): string =>
    new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  if (/quoted-printable/i.test(header('Content-Transfer-Encoding'))) {
    body = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return { subject: header('Subject'), text: body.replace(/\r\n/g, '\n') };
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 that keeps what it
 * receives. Options pass through: e.g. `disabledCommands: ['STARTTLS']` for plain SMTP,
 * or the default (STARTTLS offered with smtp-server's built-in self-signed certificate).
 */
export async function startSmtpReceiver(
  options: SMTPServerOptions & { users?: Readonly<Record<string, string>> } = {},
): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const { users, ...serverOptions } = options;
  const server = new SMTPServer({
    logger: false,
    authOptional: users === undefined,
    ...serverOptions,
    onAuth(auth, _session, callback) {
      if (
        users !== undefined &&
        auth.username !== undefined &&
        users[auth.username] === auth.password
      ) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const { subject, text } = decode(Buffer.concat(chunks).toString('utf8'));
        const from = session.envelope.mailFrom;
        mails.push({
          from: from === false ? null : from.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          subject,
          text,
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : null,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
