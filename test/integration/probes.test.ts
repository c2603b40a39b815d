/**
 * The probes against real servers made here (HTTP, HTTPS, TCP, a fake memcached that
 * speaks the text protocol) and the real PostgreSQL at 127.0.0.1:5432.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpProbe } from '../../src/sources/probes/http-probe.js';
import { memcachedProbe } from '../../src/sources/probes/memcached-probe.js';
import { postgresProbe } from '../../src/sources/probes/postgres-probe.js';
import { tcpProbe } from '../../src/sources/probes/tcp-probe.js';
import { requireComponent } from '../helpers/require-component.js';

type AnyServer = Server | TcpServer;

function listen(server: AnyServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('no TCP address'));
      else resolve(address.port);
    });
  });
}

/** Closes a server and every connection it still holds (the "never answers" ones). */
function close(server: AnyServer, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}

function track(server: AnyServer): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await close(server, new Set());
  return port;
}

function json(res: import('node:http').ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Routes that behave like QFieldCloud's app and nginx, good and bad. */
function qfieldLikeHandler(seen: IncomingMessage[]) {
  return (req: IncomingMessage, res: import('node:http').ServerResponse): void => {
    seen.push(req);
    switch (req.url) {
      case '/api/v1/status/':
        json(res, { database: 'ok', storage: 'ok', status_page_url: null });
        return;
      case '/storage-down/api/v1/status/':
        // QFieldCloud answers 200 even when a dependency is down.
        json(res, { database: 'ok', storage: 'error' });
        return;
      case '/both-down/':
        json(res, { database: 'error', storage: 'error' });
        return;
      case '/old-version/':
        // v0.26 … v25.15 report geodb, not database.
        json(res, { geodb: 'ok', storage: 'ok' });
        return;
      case '/array/':
        json(res, ['ok']);
        return;
      case '/html/':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Bad Gateway\n</body></html>');
        return;
      case '/unavailable/':
        json(res, { detail: 'maintenance' }, 503);
        return;
      case '/redirect/':
        res.writeHead(301, { location: 'https://qfield.example.org/api/v1/status/' });
        res.end();
        return;
      case '/huge/':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"database":"ok","pad":"${'x'.repeat(200 * 1024)}"}`);
        return;
      case '/vhost/':
        // nginx's `return 444`: close without a response unless Host matches.
        if (req.headers.host === 'qfield.example.org') json(res, { database: 'ok', storage: 'ok' });
        else req.socket.destroy();
        return;
      case '/hang/':
        return; // accept, read the request, never answer
      default:
        json(res, { detail: 'not found' }, 404);
    }
  };
}

describe('httpProbe against a local HTTP server', () => {
  const seen: IncomingMessage[] = [];
  const server = createHttpServer(qfieldLikeHandler(seen));
  const sockets = track(server);
  let base = '';
  let port = 0;

  beforeAll(async () => {
    port = await listen(server);
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(() => close(server, sockets));

  const statusBody = { database: 'ok', storage: 'ok' };

  it('is ok when database and storage are "ok"', async () => {
    const result = await httpProbe({
      name: 'api',
      url: `${base}/api/v1/status/`,
      timeoutMs: 2000,
      bodyJson: statusBody,
    });
    expect(result).toMatchObject({ name: 'api', kind: 'http', ok: true, level: 'ok' });
    expect(result.detail).toBe(`GET ${base}/api/v1/status/ → 200 (database=ok storage=ok)`);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.latencyMs).toBeLessThan(2000);
    expect(seen.at(-1)?.method).toBe('GET');
  });

  it('fails on HTTP 200 with "storage":"error" and names the key', async () => {
    const url = `${base}/storage-down/api/v1/status/`;
    const result = await httpProbe({ name: 'api', url, timeoutMs: 2000, bodyJson: statusBody });
    expect(result).toMatchObject({ ok: false, level: 'fail' });
    expect(result.detail).toBe(`GET ${url} → 200 but storage="error"`);
    expect(result.latencyMs).not.toBeNull();
  });

  it('lists every wrong key', async () => {
    const url = `${base}/both-down/`;
    const result = await httpProbe({ name: 'api', url, timeoutMs: 2000, bodyJson: statusBody });
    expect(result.detail).toBe(`GET ${url} → 200 but database="error", storage="error"`);
  });

  it('fails when an expected key is missing (an older QFieldCloud reports geodb)', async () => {
    const url = `${base}/old-version/`;
    const result = await httpProbe({ name: 'api', url, timeoutMs: 2000, bodyJson: statusBody });
    expect(result.ok).toBe(false);
    expect(result.detail).toBe(`GET ${url} → 200 but "database" is missing`);
    const adapted = await httpProbe({
      name: 'api',
      url,
      timeoutMs: 2000,
      bodyJson: { geodb: 'ok', storage: 'ok' },
    });
    expect(adapted.ok).toBe(true);
  });

  it('fails on a body that is not JSON, or not an object, quoting it on one line', async () => {
    const html = await httpProbe({
      name: 'api',
      url: `${base}/html/`,
      timeoutMs: 2000,
      bodyJson: statusBody,
    });
    expect(html.ok).toBe(false);
    expect(html.detail).toContain('→ 200 but body is not JSON ("<html><body>Bad Gateway');
    expect(html.detail).not.toContain('\n');
    const array = await httpProbe({
      name: 'api',
      url: `${base}/array/`,
      timeoutMs: 2000,
      bodyJson: statusBody,
    });
    expect(array.detail).toContain('→ 200 but body is not a JSON object (["ok"])');
  });

  it('checks only the status when no bodyJson is given', async () => {
    const html = await httpProbe({ name: 'web', url: `${base}/html/`, timeoutMs: 2000 });
    expect(html).toMatchObject({ ok: true, level: 'ok', detail: `GET ${base}/html/ → 200` });
  });

  it('fails on an unexpected status and accepts it when listed', async () => {
    const url = `${base}/unavailable/`;
    const result = await httpProbe({ name: 'api', url, timeoutMs: 2000 });
    expect(result).toMatchObject({ ok: false, detail: `GET ${url} → 503 (expected 200)` });
    const listed = await httpProbe({ name: 'api', url, timeoutMs: 2000, expectStatus: [200, 503] });
    expect(listed.ok).toBe(true);
  });

  it('does not follow redirects and says where they lead', async () => {
    const url = `${base}/redirect/`;
    const result = await httpProbe({ name: 'api', url, timeoutMs: 2000 });
    expect(result.ok).toBe(false);
    expect(result.detail).toBe(
      `GET ${url} → 301 to https://qfield.example.org/api/v1/status/ (expected 200)`,
    );
  });

  it('caps the body at 64 KiB', async () => {
    const url = `${base}/huge/`;
    const result = await httpProbe({ name: 'api', url, timeoutMs: 2000, bodyJson: statusBody });
    expect(result).toMatchObject({ ok: false, detail: `GET ${url} → 200 but body exceeds 64 KiB` });
  });

  it('sends the Host header nginx needs, and explains a dropped connection', async () => {
    const url = `${base}/vhost/`;
    const dropped = await httpProbe({ name: 'api', url, timeoutMs: 2000, bodyJson: statusBody });
    expect(dropped.ok).toBe(false);
    expect(dropped.detail).toBe(
      `GET ${url}: 127.0.0.1:${port} closed the connection without a response (wrong Host header?)`,
    );
    const withHost = await httpProbe({
      name: 'api',
      url,
      timeoutMs: 2000,
      bodyJson: statusBody,
      hostHeader: 'qfield.example.org',
    });
    expect(withHost.ok).toBe(true);
    expect(seen.at(-1)?.headers.host).toBe('qfield.example.org');
  });

  it('times out on a server that never answers, within the deadline', async () => {
    const started = Date.now();
    const result = await httpProbe({ name: 'api', url: `${base}/hang/`, timeoutMs: 300 });
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ ok: false, level: 'fail', latencyMs: null });
    expect(result.detail).toBe(`GET ${base}/hang/: no answer within 300 ms`);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
  });

  it('reports a closed port as connection refused', async () => {
    const closed = await closedPort();
    const result = await httpProbe({
      name: 'api',
      url: `http://127.0.0.1:${closed}/api/v1/status/`,
      timeoutMs: 2000,
    });
    expect(result).toMatchObject({
      ok: false,
      level: 'fail',
      latencyMs: null,
      detail: `connection refused at 127.0.0.1:${closed}`,
    });
  });

  it('reports a name that cannot resolve', async () => {
    // .invalid never resolves (RFC 2606); a resolver that does not answer times out.
    const result = await httpProbe({
      name: 'api',
      url: 'http://jobdeck-probe.invalid/api/v1/status/',
      timeoutMs: 3000,
    });
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(
      /^(host name not found at jobdeck-probe\.invalid:80|host name lookup failed .* at jobdeck-probe\.invalid:80|GET .*: no answer within 3000 ms)$/,
    );
  });

  it('stops at once when aborted, as unknown rather than failed', async () => {
    const controller = new AbortController();
    const pending = httpProbe({
      name: 'api',
      url: `${base}/hang/`,
      timeoutMs: 10_000,
      signal: controller.signal,
    });
    setTimeout(() => {
      controller.abort();
    }, 50);
    const result = await pending;
    expect(result).toMatchObject({ ok: false, level: 'unknown', latencyMs: null });
    expect(result.detail).toContain('aborted');
  });

  it('redacts credentials in the URL and rejects a bad URL without throwing', async () => {
    const closed = await closedPort();
    const withAuth = await httpProbe({
      name: 'api',
      url: `http://admin:s3cret-pw@127.0.0.1:${closed}/`,
      timeoutMs: 2000,
    });
    expect(withAuth.ok).toBe(false);
    const hanging = await httpProbe({
      name: 'api',
      url: `http://admin:s3cret-pw@127.0.0.1:${port}/hang/`,
      timeoutMs: 100,
    });
    expect(hanging.detail).toContain('admin:***@127.0.0.1');
    expect(hanging.detail).not.toContain('s3cret-pw');
    const invalid = await httpProbe({ name: 'api', url: 'not a url', timeoutMs: 100 });
    expect(invalid).toMatchObject({ ok: false, level: 'fail', detail: 'invalid URL "not a url"' });
  });
});

/** A self-signed certificate for qfield.local, made with the openssl CLI. */
function selfSignedCertificate(): { key: string; cert: string } | null {
  const dir = mkdtempSync(join(tmpdir(), 'jobdeck-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=qfield.local',
        '-addext',
        'subjectAltName=DNS:qfield.local',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tls = selfSignedCertificate();
if (tls === null) console.warn('skipping HTTPS probe tests: the openssl CLI is not available');

describe.skipIf(tls === null)('httpProbe against a local HTTPS server (self-signed)', () => {
  const serverNames: (string | false | null)[] = [];
  const server = createHttpsServer({ key: tls?.key, cert: tls?.cert }, (req, res) => {
    if (req.socket instanceof TLSSocket) serverNames.push(req.socket.servername);
    json(res, { database: 'ok', storage: 'ok' });
  });
  const sockets = track(server);
  let url = '';

  beforeAll(async () => {
    url = `https://127.0.0.1:${await listen(server)}/api/v1/status/`;
  });
  afterAll(() => close(server, sockets));

  it('rejects the self-signed certificate by default', async () => {
    const result = await httpProbe({ name: 'api', url, timeoutMs: 3000 });
    expect(result).toMatchObject({ ok: false, level: 'fail', latencyMs: null });
    expect(result.detail).toMatch(/^TLS: .*certificate.* at 127\.0\.0\.1:\d+$/);
  });

  it('accepts it with insecureTls and sends the Host header as SNI', async () => {
    const result = await httpProbe({
      name: 'api',
      url,
      timeoutMs: 3000,
      insecureTls: true,
      hostHeader: 'qfield.local',
      bodyJson: { database: 'ok', storage: 'ok' },
    });
    expect(result.ok).toBe(true);
    expect(serverNames.at(-1)).toBe('qfield.local');
  });
});

describe('tcpProbe', () => {
  const server = createTcpServer((socket) => {
    socket.end();
  });
  const sockets = track(server);
  let port = 0;

  beforeAll(async () => {
    port = await listen(server);
  });
  afterAll(() => close(server, sockets));

  it('is ok when the port accepts a connection', async () => {
    const result = await tcpProbe({ name: 'redis', host: '127.0.0.1', port, timeoutMs: 1000 });
    expect(result).toMatchObject({
      name: 'redis',
      kind: 'tcp',
      ok: true,
      level: 'ok',
      detail: `connected to 127.0.0.1:${port}`,
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a closed port as connection refused', async () => {
    const closed = await closedPort();
    const result = await tcpProbe({
      name: 'redis',
      host: '127.0.0.1',
      port: closed,
      timeoutMs: 1000,
    });
    expect(result).toMatchObject({
      ok: false,
      level: 'fail',
      latencyMs: null,
      detail: `connection refused at 127.0.0.1:${closed}`,
    });
  });

  it('is unknown when aborted before it starts', async () => {
    const result = await tcpProbe({
      name: 'redis',
      host: '127.0.0.1',
      port,
      timeoutMs: 1000,
      signal: AbortSignal.abort(),
    });
    expect(result).toMatchObject({ ok: false, level: 'unknown', detail: 'aborted' });
  });
});

describe('memcachedProbe against a fake memcached', () => {
  const received: string[] = [];
  /** Answers like memcached 1.6.21, in two TCP chunks to exercise line assembly. */
  const memcached = createTcpServer((socket) => {
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      received.push(data);
      if (data === 'version\r\n') {
        socket.write('VERSION 1.6');
        setTimeout(() => socket.write('.21\r\n'), 20);
      } else socket.write('ERROR\r\n');
    });
  });
  /** Something else on the port: a Redis-like reply. */
  const notMemcached = createTcpServer((socket) => {
    socket.on('data', () => socket.write("-ERR unknown command 'version'\r\n"));
  });
  /** Accepts and never replies. */
  const silent = createTcpServer(() => undefined);
  const servers = [memcached, notMemcached, silent];
  const sockets = servers.map(track);
  const ports: number[] = [];

  beforeAll(async () => {
    for (const server of servers) ports.push(await listen(server));
  });
  afterAll(() => Promise.all(servers.map((server, i) => close(server, sockets[i] ?? new Set()))));

  it('is ok and names the version', async () => {
    const port = ports[0] ?? 0;
    const result = await memcachedProbe({
      name: 'cache',
      host: '127.0.0.1',
      port,
      timeoutMs: 1000,
    });
    expect(received).toEqual(['version\r\n']);
    expect(result).toMatchObject({
      name: 'cache',
      kind: 'memcached',
      ok: true,
      level: 'ok',
      detail: `memcached 1.6.21 at 127.0.0.1:${port}`,
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(15);
  });

  it('fails when the server is not memcached, quoting its reply', async () => {
    const port = ports[1] ?? 0;
    const result = await memcachedProbe({
      name: 'cache',
      host: '127.0.0.1',
      port,
      timeoutMs: 1000,
    });
    expect(result.ok).toBe(false);
    expect(result.detail).toBe(
      `not memcached at 127.0.0.1:${port}: replied "-ERR unknown command 'version'"`,
    );
  });

  it('times out on a server that never replies', async () => {
    const port = ports[2] ?? 0;
    const result = await memcachedProbe({ name: 'cache', host: '127.0.0.1', port, timeoutMs: 200 });
    expect(result).toMatchObject({
      ok: false,
      latencyMs: null,
      detail: `no reply to "version" from memcached at 127.0.0.1:${port} within 200 ms`,
    });
  });

  it('reports a closed port as connection refused', async () => {
    const closed = await closedPort();
    const result = await memcachedProbe({
      name: 'cache',
      host: '127.0.0.1',
      port: closed,
      timeoutMs: 1000,
    });
    expect(result.detail).toBe(`connection refused at 127.0.0.1:${closed}`);
  });
});

const postgres = await requireComponent('postgres');
if (!postgres.available) console.warn(postgres.reason);

describe.skipIf(!postgres.available)('postgresProbe against the real PostgreSQL', () => {
  const password = 'pr0be-Secret-9f3';

  it('is ok on SELECT 1', async () => {
    const result = await postgresProbe({
      name: 'database',
      connectionString: 'postgres://postgres@127.0.0.1:5432/postgres',
      timeoutMs: 5000,
    });
    expect(result).toMatchObject({
      name: 'database',
      kind: 'postgres',
      ok: true,
      level: 'ok',
      detail: 'SELECT 1 ok at 127.0.0.1:5432/postgres',
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps the password out of a successful detail', async () => {
    // The local server trusts 127.0.0.1, so the password is sent but not needed.
    const result = await postgresProbe({
      name: 'database',
      connectionString: `postgres://postgres:${password}@127.0.0.1:5432/postgres`,
      timeoutMs: 5000,
    });
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain(password);
  });

  it('names a database that does not exist', async () => {
    const result = await postgresProbe({
      name: 'database',
      connectionString: `postgres://postgres:${password}@127.0.0.1:5432/jobdeck_no_such_db`,
      timeoutMs: 5000,
    });
    expect(result).toMatchObject({ ok: false, level: 'fail', latencyMs: null });
    expect(result.detail).toBe(
      'cannot connect to 127.0.0.1:5432: database "jobdeck_no_such_db" does not exist',
    );
    expect(result.detail).not.toContain(password);
  });

  it("keeps the server's words for a role that does not exist", async () => {
    const result = await postgresProbe({
      name: 'database',
      connectionString: `postgres://jobdeck_no_such_role:${password}@127.0.0.1:5432/postgres`,
      timeoutMs: 5000,
    });
    expect(result.ok).toBe(false);
    expect(result.detail).toBe(
      'cannot connect to 127.0.0.1:5432: role "jobdeck_no_such_role" does not exist',
    );
  });

  it('reports a closed port without the password', async () => {
    const closed = await closedPort();
    const result = await postgresProbe({
      name: 'database',
      connectionString: `postgres://postgres:${password}@127.0.0.1:${closed}/postgres`,
      timeoutMs: 5000,
    });
    expect(result).toMatchObject({
      ok: false,
      level: 'fail',
      latencyMs: null,
      detail: `cannot connect to 127.0.0.1:${closed}: connection refused`,
    });
    expect(JSON.stringify(result)).not.toContain(password);
  });
});

describe('postgresProbe without a server', () => {
  const password = 'pr0be-Secret-9f3';

  it('times out on a server that accepts and never speaks', async () => {
    const silent = createTcpServer(() => undefined);
    const sockets = track(silent);
    const port = await listen(silent);
    try {
      const started = Date.now();
      const result = await postgresProbe({
        name: 'database',
        connectionString: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
        timeoutMs: 300,
      });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(result.ok).toBe(false);
      expect(result.detail).toMatch(
        new RegExp(`^(cannot connect to |no answer from PostgreSQL at )127\\.0\\.0\\.1:${port}`),
      );
      expect(result.detail).toContain('300 ms');
      expect(result.detail).not.toContain(password);
    } finally {
      await close(silent, sockets);
    }
  });

  it('never throws on a malformed connection string, and hides its password', async () => {
    const result = await postgresProbe({
      name: 'database',
      connectionString: `postgres://postgres:${password}@127.0.0.1:notaport/postgres`,
      timeoutMs: 500,
    });
    expect(result.ok).toBe(false);
    expect(result.level).toBe('fail');
    expect(JSON.stringify(result)).not.toContain(password);
  });
});
