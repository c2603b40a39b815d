import { createServer } from 'node:net';

/**
 * Asks the kernel for a free TCP port on `host`. Another process may take it before
 * we bind it again, so callers retry on "address in use".
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        if (port > 0) resolve(port);
        else reject(new Error(`could not find a free port on ${host}`));
      });
    });
  });
}
