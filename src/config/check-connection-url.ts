import { ConfigError } from '../shared/errors.js';

const EXPECTED = {
  postgres: 'a PostgreSQL URL like postgres://user:password@host:5432/dbname',
  redis: 'a Redis URL like redis://:password@host:6379/0 (rediss:// for TLS)',
} as const;

const SCHEMES = {
  postgres: /^postgres(ql)?:$/i,
  redis: /^rediss?:$/i,
} as const;

/**
 * A connection URL read from the environment must at least be a URL of its kind: a
 * malformed one is a configuration error naming the variable and the expected form, not
 * a "host ? not found" later. The value itself is never printed (it holds a password).
 */
export function checkConnectionUrl(
  url: string,
  envName: string,
  kind: keyof typeof EXPECTED,
): void {
  const parsed = parseUrl(url.trim());
  const ok =
    parsed !== null &&
    SCHEMES[kind].test(parsed.protocol) &&
    (parsed.hostname !== '' || parsed.searchParams.has('host') || kind === 'redis');
  if (!ok) {
    const scheme = parsed === null ? 'not a URL' : `a ${parsed.protocol}// URL`;
    throw new ConfigError(`${envName}: ${scheme}; expected ${EXPECTED[kind]}`);
  }
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
