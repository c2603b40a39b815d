import {
  errorLine,
  SourceQueryError,
  SourceUnreachableError,
  type JobdeckError,
} from '../../../shared/errors.js';
import { networkFailure, networkFailureText } from '../../../shared/network-error.js';

function endpoint(url: string): { host: string; port: string; user: string; database: string } {
  try {
    const u = new URL(url);
    const host = u.hostname || (u.searchParams.get('host') ?? 'localhost');
    return {
      host,
      port: u.port || '5432',
      user: decodeURIComponent(u.username) || 'postgres',
      database: decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default)',
    };
  } catch {
    return { host: '?', port: '?', user: '?', database: '?' };
  }
}

/** `postgres://user@host:port/db` without the password, for headers and messages. */
export function describePgTarget(url: string): string {
  const e = endpoint(url);
  return `postgres://${e.user}@${e.host}:${e.port}/${e.database}`;
}

/**
 * Turns a pg/socket error into one actionable line that names host:port and never
 * the password.
 */
export function describePgError(error: unknown, url: string, envName: string): JobdeckError {
  const e = endpoint(url);
  const where = `${e.host}:${e.port}`;
  const failure = networkFailure(error);
  const unreachable = (line: string): JobdeckError =>
    new SourceUnreachableError(line, { cause: error });
  switch (failure) {
    case 'refused':
      return unreachable(
        `cannot connect to PostgreSQL at ${where}: connection refused; is it running, and is ${envName} right?`,
      );
    case 'not-found':
    case 'dns-failed':
      return unreachable(
        `cannot connect to PostgreSQL: host ${e.host} not found; check the host in ${envName}`,
      );
    case 'timed-out':
    case 'unreachable':
      return unreachable(
        `cannot connect to PostgreSQL at ${where}: ${failure === 'timed-out' ? 'timed out' : networkFailureText(failure)}; check the network path and firewall`,
      );
    case 'reset':
      return unreachable(
        `lost the connection to PostgreSQL at ${where} (${networkFailureText(failure)}); jobdeck will retry`,
      );
    case 'tls':
      return unreachable(
        `PostgreSQL at ${where}: TLS failed (${errorLine(error)}); check sslmode and the server certificate`,
      );
    case null:
      break;
  }
  const code =
    error !== null && typeof error === 'object' && 'code' in error ? String(error.code) : '';
  switch (code) {
    case '28P01':
    case '28000':
      return new SourceUnreachableError(
        `PostgreSQL at ${where} refused user ${e.user}: check the credentials in ${envName} (and pg_hba.conf)`,
        { cause: error },
      );
    case '3D000':
      return new SourceUnreachableError(
        `PostgreSQL at ${where} has no database "${e.database}": check the database name in ${envName}`,
        { cause: error },
      );
    case '57014':
      return new SourceQueryError(
        `PostgreSQL at ${where}: a query exceeded queue.statementTimeout; raise it, or run jobdeck doctor to check the indexes`,
        { cause: error },
      );
    case '42501':
      return new SourceQueryError(
        `PostgreSQL at ${where}: user ${e.user} lacks permission (${errorLine(error)}); grant SELECT on the queue tables`,
        { cause: error },
      );
    default:
      if (
        error instanceof Error &&
        /timeout|terminated|Connection terminated/i.test(error.message)
      ) {
        return new SourceUnreachableError(
          `lost the connection to PostgreSQL at ${where} (${errorLine(error)}); jobdeck will retry`,
          { cause: error },
        );
      }
      return new SourceQueryError(`PostgreSQL at ${where}: ${errorLine(error)}`, { cause: error });
  }
}
