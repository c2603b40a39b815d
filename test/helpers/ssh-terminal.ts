/**
 * A real SSH client (the `ssh2` package's) against `jobdeck serve`: a terminal session
 * with a pty that can type, resize and hang up, and one-shot exec. Assertions read the
 * output with escape sequences removed, from a mark on, like PtySession.
 */
import { stripVTControlCharacters } from 'node:util';
import ssh2 from 'ssh2';
import type { ClientChannel, ConnectConfig } from 'ssh2';

export interface SshLogin {
  readonly port: number;
  /** An OpenSSH private key (what ssh2.utils.generateKeyPairSync gives). */
  readonly privateKey?: string;
  readonly password?: string;
  readonly tryKeyboard?: boolean;
}

function connectConfig(login: SshLogin): ConnectConfig {
  return {
    host: '127.0.0.1',
    port: login.port,
    username: 'anyone',
    readyTimeout: 10_000,
    ...(login.privateKey === undefined ? {} : { privateKey: login.privateKey }),
    ...(login.password === undefined ? {} : { password: login.password }),
    ...(login.tryKeyboard === true ? { tryKeyboard: true } : {}),
  };
}

async function connect(login: SshLogin): Promise<ssh2.Client> {
  const client = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => {
      resolve();
    });
    client.once('error', reject);
    client.connect(connectConfig(login));
  });
  return client;
}

/** The error a login ends with (it must be refused), e.g. "All configured authentication methods failed". */
export async function loginError(login: SshLogin): Promise<string> {
  try {
    const client = await connect(login);
    client.end();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('the login was accepted');
}

export async function sshExec(
  login: SshLogin,
  command: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const client = await connect(login);
  try {
    return await new Promise((resolve, reject) => {
      client.exec(command, (error, channel) => {
        if (error !== undefined) {
          reject(error);
          return;
        }
        let stdout = '';
        let stderr = '';
        let code: number | null = null;
        channel.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
        channel.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
        channel.on('exit', (c: number | null) => {
          code = c;
        });
        channel.on('close', () => {
          resolve({ code, stdout, stderr });
        });
      });
    });
  } finally {
    client.end();
  }
}

export class SshTerminal {
  private raw = '';
  private mark = 0;
  private exitCode: number | null = null;
  readonly closed: Promise<void>;

  private constructor(
    private readonly client: ssh2.Client,
    private readonly channel: ClientChannel,
  ) {
    channel.setEncoding('utf8');
    channel.on('data', (data: string) => {
      this.raw += data;
    });
    // A terminal shows stderr too (the server's refusals go there).
    channel.stderr.on('data', (data: Buffer) => {
      this.raw += data.toString('utf8');
    });
    channel.on('exit', (code: number | null) => {
      this.exitCode = code;
    });
    this.closed = new Promise((resolve) => {
      channel.on('close', () => {
        resolve();
      });
    });
  }

  /** Logs in and opens a shell with a pty of this size (`pty: false`: a shell without one). */
  static async open(
    login: SshLogin,
    size: { cols: number; rows: number },
    options: { pty?: boolean; term?: string } = {},
  ): Promise<SshTerminal> {
    const client = await connect(login);
    const channel = await new Promise<ClientChannel>((resolve, reject) => {
      const done = (error: Error | undefined, stream: ClientChannel): void => {
        if (error !== undefined) reject(error);
        else resolve(stream);
      };
      if (options.pty === false) client.shell(false, done);
      else
        client.shell(
          { cols: size.cols, rows: size.rows, term: options.term ?? 'xterm-256color' },
          done,
        );
    });
    return new SshTerminal(client, channel);
  }

  /** Everything the server wrote, escape sequences included. */
  get output(): string {
    return this.raw;
  }

  /** The text since the last key or mark, escapes removed. */
  get recent(): string {
    return stripVTControlCharacters(this.raw.slice(this.mark));
  }

  get exit(): number | null {
    return this.exitCode;
  }

  /** Output from here on is what `waitFor` searches. */
  markNow(): void {
    this.mark = this.raw.length;
  }

  press(keys: string): void {
    this.markNow();
    this.channel.write(keys);
  }

  resize(cols: number, rows: number): void {
    this.markNow();
    this.channel.setWindow(rows, cols, 0, 0);
  }

  async waitFor(text: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const found = (): boolean =>
      typeof text === 'string' ? this.recent.includes(text) : text.test(this.recent);
    while (!found()) {
      if (Date.now() > deadline) {
        throw new Error(
          `${String(text)} did not appear within ${timeoutMs} ms; the session showed:\n${this.recent.slice(-2000)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.recent;
  }

  /** Hangs up the whole connection, as a dropped laptop would (no goodbye). */
  drop(): void {
    this.client.destroy();
  }

  end(): void {
    this.client.end();
  }
}
