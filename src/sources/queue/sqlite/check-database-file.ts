import { statSync, type Stats } from 'node:fs';
import { SourceUnreachableError } from '../../../shared/errors.js';

/**
 * Checks that the database file exists and is a file before SQLite touches it, so a
 * missing file gets its own message, and is never created: SQLite itself would create
 * an empty database when opened read-write. Returns the file's stats (the inode tells
 * when the file was replaced).
 */
export function checkDatabaseFile(path: string, hint: string): Stats {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code =
      error !== null && typeof error === 'object' && 'code' in error ? String(error.code) : '';
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new SourceUnreachableError(
        `SQLite database ${path} does not exist; check ${hint} (jobdeck never creates it)`,
        { cause: error },
      );
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new SourceUnreachableError(
        `cannot reach SQLite database ${path}: permission denied; run jobdeck as a user that can read it`,
        { cause: error },
      );
    }
    throw new SourceUnreachableError(`cannot reach SQLite database ${path} (${code || 'error'})`, {
      cause: error,
    });
  }
  if (stats.isDirectory()) {
    throw new SourceUnreachableError(
      `${path} is a directory, not an SQLite database file; check ${hint}`,
    );
  }
  return stats;
}
