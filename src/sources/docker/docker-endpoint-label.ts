import type { DockerEndpoint } from './docker-endpoint-types.js';

/** The endpoint as one short string for headers and error lines: `tcp://host:2376 (TLS)`. */
export function dockerEndpointLabel(endpoint: DockerEndpoint): string {
  switch (endpoint.kind) {
    case 'unix':
      return `unix://${endpoint.socketPath}`;
    case 'tcp': {
      const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
      const tls =
        endpoint.tls === null ? '' : endpoint.tls.verify ? ' (TLS)' : ' (TLS, unverified)';
      return `tcp://${host}:${endpoint.port}${tls}`;
    }
    case 'ssh': {
      const user = endpoint.username === null ? '' : `${endpoint.username}@`;
      const port = endpoint.port === 22 ? '' : `:${endpoint.port}`;
      return `ssh://${user}${endpoint.host}${port}`;
    }
  }
}
