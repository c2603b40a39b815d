import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentAvailable, requireComponent } from './require-component.js';

function listen(server: TcpServer | HttpServer, target: number | string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    if (typeof target === 'number') server.listen(target, '127.0.0.1', resolve);
    else server.listen(target, resolve);
  });
}

function close(server: TcpServer | HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}

function portOf(server: TcpServer | HttpServer): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not a TCP server');
  return address.port;
}

/** A port that was just free: bind port 0, note the port, close. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await listen(server, 0);
  const port = portOf(server);
  await close(server);
  return port;
}

describe('componentAvailable (TCP components)', () => {
  it('detects the real PostgreSQL at 127.0.0.1:5432', async () => {
    expect(await componentAvailable('postgres')).toBe(true);
  });

  it('detects a listening port and then the same port once closed', async () => {
    const server = createTcpServer((socket) => socket.destroy());
    await listen(server, 0);
    const port = portOf(server);
    expect(await componentAvailable('redis', { port })).toBe(true);
    await close(server);
    expect(await componentAvailable('redis', { port })).toBe(false);
  });

  it('reports a closed port as unavailable', async () => {
    expect(await componentAvailable('postgres', { port: await closedPort() })).toBe(false);
  });
});

describe('componentAvailable (docker)', () => {
  let dir: string;
  let okSocket: string;
  let brokenSocket: string;
  const servers: HttpServer[] = [];
  const pings: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jobdeck-require-'));
    okSocket = join(dir, 'ok.sock');
    brokenSocket = join(dir, 'broken.sock');
    const ok = createHttpServer((req, res) => {
      pings.push(`${req.method ?? '?'} ${req.url ?? '?'}`);
      res.writeHead(req.url === '/_ping' ? 200 : 404, { 'content-type': 'text/plain' });
      res.end('OK');
    });
    const broken = createHttpServer((_req, res) => {
      res.writeHead(500);
      res.end('engine is starting');
    });
    servers.push(ok, broken);
    await listen(ok, okSocket);
    await listen(broken, brokenSocket);
  });

  afterAll(async () => {
    await Promise.all(servers.map(close));
    rmSync(dir, { recursive: true, force: true });
  });

  it('pings the engine over the unix socket', async () => {
    expect(await componentAvailable('docker', { socketPath: okSocket })).toBe(true);
    expect(pings).toContain('GET /_ping');
  });

  it('treats a non-200 ping and a missing socket as unavailable', async () => {
    expect(await componentAvailable('docker', { socketPath: brokenSocket })).toBe(false);
    expect(await componentAvailable('docker', { socketPath: join(dir, 'missing.sock') })).toBe(
      false,
    );
  });

  // Where an engine socket exists (CI runs scripts/test-env.sh first) it must answer.
  it.skipIf(process.env.CI !== 'true' && !existsSync('/var/run/docker.sock'))(
    'detects the real engine',
    async () => {
      expect(await componentAvailable('docker')).toBe(true);
    },
  );
});

describe('requireComponent', () => {
  it('returns available with no throw when the component answers, even in CI', async () => {
    const result = await requireComponent('postgres', { ci: true });
    expect(result.available).toBe(true);
    expect(result.reason).toContain('127.0.0.1:5432');
  });

  it('outside CI returns a printable reason naming the component and the fix', async () => {
    const port = await closedPort();
    const result = await requireComponent('redis', { port, ci: false });
    expect(result.available).toBe(false);
    expect(result.reason).toContain(`redis is not answering at 127.0.0.1:${port}`);
    expect(result.reason).toContain('redis-server');
  });

  it('in CI throws, naming the missing component and how to start it', async () => {
    const port = await closedPort();
    await expect(requireComponent('postgres', { port, ci: true })).rejects.toThrow(
      /required component is missing: postgres is not answering at 127\.0\.0\.1:\d+: start it with `pg_ctlcluster/,
    );
    await expect(
      requireComponent('docker', { socketPath: '/nonexistent/docker.sock', ci: true }),
    ).rejects.toThrow(
      /docker is not answering at \/nonexistent\/docker\.sock: .*scripts\/test-env\.sh/,
    );
  });

  it('reads the CI flag from the environment by default', async () => {
    const port = await closedPort();
    const saved = process.env.CI;
    try {
      process.env.CI = 'true';
      await expect(requireComponent('redis', { port })).rejects.toThrow(/redis/);
      process.env.CI = 'false';
      await expect(requireComponent('redis', { port })).resolves.toMatchObject({
        available: false,
      });
    } finally {
      if (saved === undefined) delete process.env.CI;
      else process.env.CI = saved;
    }
  });
});
