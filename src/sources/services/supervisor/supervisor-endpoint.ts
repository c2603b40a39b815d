import { ConfigError } from '../../../shared/errors.js';

/** Where supervisord's XML-RPC interface listens. */
export type SupervisorEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string; readonly label: string }
  | { readonly kind: 'http'; readonly host: string; readonly port: number; readonly label: string };

/** `unix:///var/run/supervisor.sock` or `http://127.0.0.1:9001` (services.supervisor.url). */
export function parseSupervisorEndpoint(url: string): SupervisorEndpoint {
  if (url.startsWith('unix://')) {
    const socketPath = url.slice('unix://'.length);
    if (socketPath.startsWith('/')) return { kind: 'unix', socketPath, label: socketPath };
  } else {
    try {
      const u = new URL(url);
      if (u.protocol === 'http:' && u.hostname !== '') {
        const port = u.port === '' ? 80 : Number(u.port);
        return { kind: 'http', host: u.hostname, port, label: `${u.hostname}:${port}` };
      }
    } catch {
      // reported below
    }
  }
  throw new ConfigError(
    `services.supervisor.url: expected unix:///path/to/supervisor.sock or http://host:port (the [unix_http_server] file or [inet_http_server] port)`,
  );
}
