/**
 * One SSH viewer for bench/serve.ts: the ssh2 Client logs in with a key, opens a shell
 * with a pty (120×40, xterm-256color) and reads everything the server sends, counting
 * bytes (stdout and stderr of the channel).
 */
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';

export class Viewer {
  /** Bytes received on the channel so far. */
  bytes = 0;
  /** Bursts of output (data 50 ms or more after the previous data): frames drawn. */
  frames = 0;
  closed = false;
  private lastData = 0;
  private channel: ClientChannel | null = null;

  private constructor(private readonly client: ssh2.Client) {}

  static async open(
    port: number,
    privateKey: string,
    size: { readonly cols: number; readonly rows: number },
  ): Promise<Viewer> {
    const client = new ssh2.Client();
    const viewer = new Viewer(client);
    await new Promise<void>((resolve, reject) => {
      client.once('error', reject);
      client.once('ready', () => {
        client.shell(
          { cols: size.cols, rows: size.rows, term: 'xterm-256color' },
          (error: Error | undefined, channel: ClientChannel) => {
            if (error !== undefined) {
              reject(error);
              return;
            }
            channel.on('data', (data: Buffer) => {
              viewer.bytes += data.length;
              const now = Date.now();
              if (now - viewer.lastData >= 50) viewer.frames += 1;
              viewer.lastData = now;
            });
            channel.stderr.on('data', (data: Buffer) => {
              viewer.bytes += data.length;
            });
            channel.on('close', () => {
              viewer.closed = true;
            });
            viewer.channel = channel;
            resolve();
          },
        );
      });
      client.connect({
        host: '127.0.0.1',
        port,
        username: 'bench',
        privateKey,
        readyTimeout: 30_000,
      });
    });
    // Errors after the login (the server going away at the end) only close the viewer.
    client.on('error', () => {
      viewer.closed = true;
    });
    return viewer;
  }

  /** Types `keys` (e.g. Tab: the session leaves the shared screen for one of its own). */
  press(keys: string): void {
    this.channel?.write(keys);
  }

  end(): void {
    this.client.end();
  }
}
