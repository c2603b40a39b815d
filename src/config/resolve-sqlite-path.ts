import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../shared/errors.js';
import { parseSqliteUrl } from './parse-sqlite-url.js';

/**
 * Where the SQLite queue lives: `path` from the config section (relative to the config
 * file), else the `sqlite:///abs/path.db` URL in the environment variable `urlEnv`.
 * Null when neither is set (no queue configured). `hint` names the source for messages.
 */
export function resolveSqlitePath(
  section: { readonly path?: string | undefined; readonly urlEnv: string },
  env: Readonly<Record<string, string | undefined>>,
  configFile: string | null,
): { path: string; hint: string } | null {
  if (section.path !== undefined) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(section.path)) {
      return { path: parseSqliteUrl(section.path, 'queue.sqlite.path'), hint: 'queue.sqlite.path' };
    }
    if (!isAbsolute(section.path) && configFile === null) {
      throw new ConfigError(
        'queue.sqlite.path: a relative path needs a config file to be relative to; use an absolute path',
      );
    }
    const base = configFile === null ? '/' : dirname(configFile);
    return {
      path: resolve(base, section.path),
      hint: `queue.sqlite.path in ${configFile ?? 'the config'}`,
    };
  }
  const url = env[section.urlEnv];
  if (url === undefined || url === '') return null;
  return { path: parseSqliteUrl(url, section.urlEnv), hint: section.urlEnv };
}
