import {
  errorLine,
  isJobdeckError,
  SourceQueryError,
  SourceUnreachableError,
  type JobdeckError,
} from '../../../shared/errors.js';
import { formatAge } from '../../../shared/format-age.js';

export interface SqliteErrorContext {
  readonly path: string;
  /** What was going on: a dashboard read, or a cleanup's write. */
  readonly action: 'read' | 'cleanup';
  readonly busyTimeoutMs: number;
}

function errcode(error: unknown): number | null {
  if (error === null || typeof error !== 'object' || !('errcode' in error)) return null;
  return typeof error.errcode === 'number' ? error.errcode : null;
}

/**
 * Turns a node:sqlite error (`errcode` is SQLite's extended result code) into one
 * actionable line that names the file. Jobdeck's own errors pass through unchanged.
 */
export function describeSqliteError(error: unknown, ctx: SqliteErrorContext): JobdeckError {
  if (isJobdeckError(error)) return error;
  const { path } = ctx;
  const code = errcode(error);
  const line = errorLine(error);
  // formatAge rounds to whole seconds; a sub-second busy timeout would read "0s".
  const waited =
    ctx.busyTimeoutMs < 1000
      ? `${Math.round(ctx.busyTimeoutMs)}ms`
      : formatAge(ctx.busyTimeoutMs / 1000);
  // The primary result code is the low byte of the extended one.
  switch (code === null ? null : code & 0xff) {
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
      return ctx.action === 'read'
        ? new SourceQueryError(
            `SQLite database ${path} is locked: another process held an exclusive lock for over ${waited}; jobdeck retries, and in WAL mode (PRAGMA journal_mode=WAL) readers never wait`,
            { cause: error },
          )
        : new SourceQueryError(
            `SQLite database ${path} is busy: another process held the write lock for over ${waited}; nothing was changed, try the cleanup again`,
            { cause: error },
          );
    case 26: // SQLITE_NOTADB
      return new SourceUnreachableError(
        `${path} is not an SQLite database (or it is encrypted); point the queue path or DATABASE_URL at the queue's database file`,
        { cause: error },
      );
    case 11: // SQLITE_CORRUPT
      return new SourceUnreachableError(
        `SQLite database ${path} is corrupt (${line}); check it with PRAGMA integrity_check and restore it from a backup`,
        { cause: error },
      );
    case 14: // SQLITE_CANTOPEN
      return new SourceUnreachableError(
        `cannot open SQLite database ${path} (${line}); check that the file exists and that jobdeck's user can read it and write its directory (WAL needs the -shm file)`,
        { cause: error },
      );
    case 8: // SQLITE_READONLY
      return ctx.action === 'read'
        ? new SourceUnreachableError(
            `cannot read SQLite database ${path} in WAL mode (${line}); let jobdeck's user write the directory so SQLite can create ${path}-shm`,
            { cause: error },
          )
        : new SourceQueryError(
            `cannot write SQLite database ${path} (${line}); cleanup needs write access to the file and its directory`,
            { cause: error },
          );
    case 10: // SQLITE_IOERR
    case 13: // SQLITE_FULL
      return new SourceUnreachableError(
        `I/O error on SQLite database ${path} (${line}); check the disk and the file's permissions`,
        { cause: error },
      );
    case 23: // SQLITE_AUTH
      return new SourceUnreachableError(
        `SQLite database ${path} refused access (${line}); check the database's authorizer setup`,
        { cause: error },
      );
    default:
      if (/no such (table|column)/i.test(line)) {
        return new SourceQueryError(
          `SQLite database ${path}: ${line}; the schema changed or the table/column mapping is wrong`,
          { cause: error },
        );
      }
      return new SourceQueryError(`SQLite database ${path}: ${line}`, { cause: error });
  }
}
