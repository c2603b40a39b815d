import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';

import { DemoConnection } from './demo-connection.js';

export interface DemoEndpoints {
  /** QFieldCloud's health endpoint, `http://127.0.0.1:<port>/api/v1/status/`. */
  readonly statusUrl: string;
  /** A memcached answering `version`, as QFieldCloud's cache does. */
  readonly cachePort: number;
  /** Closes both. Idempotent; never rejects. */
  stop(): Promise<void>;
}

/** What `memcached -V` says on Debian 12. */
const MEMCACHED_VERSION = '1.6.18';

function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server | ReturnType<typeof createTcpServer>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

/**
 * The rest of a QFieldCloud stack the demo's readiness verdict reads, on loopback ports:
 * the app's `GET /api/v1/status/` (always 200; the body says `database` ok when the demo
 * database answers `SELECT 1`, as upstream's view does, and `storage` ok) and a memcached
 * that answers the text protocol's `version`. Both are the real protocols, so jobdeck's
 * http and memcached probes read them as they read production.
 */
export async function startDemoEndpoints(options: {
  readonly url: string;
  readonly log: (line: string) => void;
}): Promise<DemoEndpoints> {
  const db = new DemoConnection(options.url, 'jobdeck-demo/api', options.log);
  const api = createHttpServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/api/v1/status/') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"detail":"Not found."}');
      return;
    }
    db.query('SELECT 1')
      .then(
        () => 'ok',
        () => 'error',
      )
      .then((database) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            database,
            storage: 'ok',
            status_page_url: null,
            incident_message: null,
            incident_timestamp_utc: null,
          }),
        );
      })
      .catch(() => response.destroy());
  });
  const cache = createTcpServer((socket) => {
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const command = buffered.slice(0, end).trim();
        buffered = buffered.slice(end + 2);
        if (command === 'version') socket.write(`VERSION ${MEMCACHED_VERSION}\r\n`);
        else if (command === 'quit') socket.end();
        else socket.write('ERROR\r\n');
      }
      // A client that never ends its line does not grow our memory.
      if (buffered.length > 1_024) socket.destroy();
    });
  });
  const apiPort = await listen(api);
  const cachePort = await listen(cache).catch(async (error: unknown) => {
    await close(api);
    throw error;
  });
  let stopping: Promise<void> | undefined;
  return {
    statusUrl: `http://127.0.0.1:${String(apiPort)}/api/v1/status/`,
    cachePort,
    stop(): Promise<void> {
      stopping ??= Promise.all([close(api), close(cache), db.close()]).then(() => undefined);
      return stopping;
    },
  };
}
