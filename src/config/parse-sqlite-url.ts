import { isAbsolute } from 'node:path';
import { ConfigError } from '../shared/errors.js';

/**
 * `sqlite:///abs/path.db` → `/abs/path.db`. Also takes SQLAlchemy's four-slash form
 * (`sqlite:////abs/path.db`) and `file:///abs/path.db`, because operators paste the
 * URL their app already uses. Only absolute paths: a relative one would depend on
 * where jobdeck happens to be started. `envName` names the variable in messages.
 */
export function parseSqliteUrl(url: string, envName = 'DATABASE_URL'): string {
  const match = /^(sqlite|sqlite3|file):\/\/([^/?#]*)(\/[^?#]*)?(?:[?#].*)?$/i.exec(url.trim());
  const expected = `expected sqlite:///absolute/path.db`;
  if (match === null) {
    throw new ConfigError(`${envName}: not an SQLite URL; ${expected}`);
  }
  const host = match[2] ?? '';
  if (host !== '' && host !== 'localhost') {
    throw new ConfigError(
      `${envName}: an SQLite URL names a local file, not host "${host}"; ${expected} (three slashes)`,
    );
  }
  let path: string;
  try {
    path = decodeURIComponent(match[3] ?? '');
  } catch (error) {
    throw new ConfigError(`${envName}: bad %-escape in the path; ${expected}`, { cause: error });
  }
  path = path.replace(/^\/\/+/, '/');
  if (path === '' || path === '/' || !isAbsolute(path)) {
    throw new ConfigError(`${envName}: no database path in the URL; ${expected}`);
  }
  if (path.includes('\0')) throw new ConfigError(`${envName}: the path contains a NUL byte`);
  return path;
}
