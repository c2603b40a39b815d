/**
 * A pass-through TCP proxy in front of PostgreSQL for bench/serve.ts: `jobdeck serve`
 * connects through it, so the bench can count what jobdeck alone asks of the database,
 * apart from the demo's fleet writing to the same database. It reads the server's side
 * of the wire protocol (type byte, int32 length, body) and counts ReadyForQuery
 * messages: one per completed query cycle (a simple query, or an extended-protocol
 * Sync), and those with status `I` (idle, no transaction open) per finished top-level
 * transaction. The client must not ask for TLS (jobdeck does not for 127.0.0.1 URLs
 * without sslmode), or the stream would be opaque.
 */
import { createConnection, createServer, type Server } from 'node:net';

export interface WireCounts {
  /** Connections opened through the proxy. */
  connections: number;
  /** Connections open now. */
  open: number;
  /** ReadyForQuery messages: completed query cycles (round trips). */
  ready: number;
  /** ReadyForQuery with status idle: finished transactions (plus one per login). */
  idle: number;
}

/** Counts ReadyForQuery messages in one server→client stream. */
class ServerStream {
  private header = Buffer.alloc(0);
  private skip = 0;
  private readyStatusNext = false;

  constructor(private readonly counts: WireCounts) {}

  feed(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.skip > 0) {
        if (this.readyStatusNext) {
          this.readyStatusNext = false;
          this.counts.ready += 1;
          if (chunk[at] === 0x49 /* 'I' */) this.counts.idle += 1;
        }
        const take = Math.min(this.skip, chunk.length - at);
        at += take;
        this.skip -= take;
        continue;
      }
      const want = 5 - this.header.length;
      this.header = Buffer.concat([this.header, chunk.subarray(at, at + want)]);
      at += Math.min(want, chunk.length - at);
      if (this.header.length < 5) return;
      const type = this.header[0];
      this.skip = this.header.readUInt32BE(1) - 4;
      this.header = Buffer.alloc(0);
      this.readyStatusNext = type === 0x5a /* 'Z' */ && this.skip > 0;
    }
  }
}

export interface PgProxy {
  readonly port: number;
  readonly counts: WireCounts;
  close(): void;
}

/** Listens on 127.0.0.1 (a free port) and forwards each connection to host:port. */
export async function startPgProxy(host: string, port: number): Promise<PgProxy> {
  const counts: WireCounts = { connections: 0, open: 0, ready: 0, idle: 0 };
  const server: Server = createServer((client) => {
    counts.connections += 1;
    counts.open += 1;
    const upstream = createConnection({ host, port });
    const stream = new ServerStream(counts);
    upstream.on('data', (chunk: Buffer) => {
      stream.feed(chunk);
    });
    client.pipe(upstream);
    upstream.pipe(client);
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      counts.open -= 1;
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy: no port');
  return {
    port: address.port,
    counts,
    close: () => {
      // Stops accepting; open connections end with their clients.
      server.close();
    },
  };
}
