import { createRequire } from 'node:module';
import type * as Https from 'node:https';

const loadBuiltin = createRequire(import.meta.url);

/**
 * `node:https`, loaded on first use. With it load `node:tls` and OpenSSL's TLS set-up,
 * about 4 MB of memory that a process talking plain HTTP and unix sockets never needs
 * (issue 14): only a TLS Docker endpoint or an https:// probe asks for it.
 */
export function lazyHttps(): typeof Https {
  return loadBuiltin('node:https') as typeof Https;
}
