/**
 * A unix-socket proxy in front of the real Docker engine, so a test can make the engine
 * "go away" and "come back" (as a `systemctl restart docker` does) without touching the
 * shared engine: `stop()` cuts every connection and removes the socket, `start()` listens
 * again on the same path.
 */
import { rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class DockerSocketProxy {
  readonly path: string;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly target: string = (process.env.DOCKER_HOST ?? '').startsWith('unix://')
      ? (process.env.DOCKER_HOST ?? '').slice('unix://'.length)
      : '/var/run/docker.sock',
  ) {
    this.path = join(tmpdir(), `jobdeck-proxy-${process.pid}-${Date.now().toString(36)}.sock`);
  }

  start(): Promise<void> {
    rmSync(this.path, { force: true });
    const server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.once('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, () => {
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server !== null) {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    }
    rmSync(this.path, { force: true });
  }
}
