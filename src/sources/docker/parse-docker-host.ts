import { join } from 'node:path';
import { ConfigError } from '../../shared/errors.js';
import { redactSecrets } from '../../shared/redact.js';
import type { DockerEndpoint, DockerTlsSettings } from './docker-endpoint-types.js';

const EXPECTED = 'expected unix:///path/to/docker.sock, tcp://host:2376 or ssh://user@host';

/**
 * A DOCKER_HOST-style URL → endpoint. Pure: TLS files are named, not read. Like the Docker
 * CLI, `host:port` without a scheme means tcp, and the tcp port defaults to 2376 with TLS,
 * 2375 without.
 */
export function parseDockerHost(
  value: string,
  tls: DockerTlsSettings | null,
  source: string,
): DockerEndpoint {
  const text = value.trim();
  const invalid = (why: string): ConfigError =>
    new ConfigError(`${source}=${redactSecrets(text)} ${why}: ${EXPECTED}`);

  if (text.startsWith('unix://')) {
    const socketPath = text.slice('unix://'.length);
    return {
      kind: 'unix',
      socketPath: socketPath === '' ? '/var/run/docker.sock' : socketPath,
      source,
    };
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `tcp://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid('is not a URL');
  }
  // WHATWG URL keeps IPv6 brackets in `hostname`; sockets want the bare address.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw invalid('has no host');
  const port = (fallback: number): number => {
    const n = url.port === '' ? fallback : Number(url.port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw invalid('has an invalid port');
    return n;
  };
  switch (url.protocol) {
    case 'tcp:':
      return {
        kind: 'tcp',
        host,
        port: port(tls === null ? 2375 : 2376),
        tls:
          tls === null
            ? null
            : {
                verify: tls.verify,
                ca: join(tls.certDir, 'ca.pem'),
                cert: join(tls.certDir, 'cert.pem'),
                key: join(tls.certDir, 'key.pem'),
              },
        source,
      };
    case 'ssh:':
      // The Docker CLI refuses passwords in the URL too: they would end up in shell history.
      if (url.password !== '') throw invalid('carries a password (use ssh-agent instead)');
      return {
        kind: 'ssh',
        host,
        port: port(22),
        username: url.username === '' ? null : decodeURIComponent(url.username),
        source,
      };
    default:
      throw invalid(`uses the unsupported scheme ${url.protocol.replace(/:$/, '')}://`);
  }
}
