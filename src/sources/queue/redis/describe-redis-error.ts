import {
  errorLine,
  SourceQueryError,
  SourceUnreachableError,
  type JobdeckError,
} from '../../../shared/errors.js';
import { networkFailure, networkFailureText } from '../../../shared/network-error.js';
import { describeRedisTarget } from './describe-redis-target.js';

/**
 * Turns an ioredis/socket error into one actionable line that names the endpoint and
 * never the password. ioredis reports a failed connect as "Connection is closed." and
 * emits the socket's own error (with its errno code) separately, so the caller passes
 * the last emitted error as `socketError` when it has one; network failures are
 * classified by the shared `networkFailure`, Redis's own replies by their words.
 */
export function describeRedisError(
  error: unknown,
  url: string,
  envName: string,
  socketError: unknown = null,
): JobdeckError {
  if (error instanceof SourceQueryError || error instanceof SourceUnreachableError) return error;
  const where = describeRedisTarget(url);
  const root = socketError ?? error;
  const options = { cause: root };
  const unreachable = (line: string): JobdeckError => new SourceUnreachableError(line, options);
  const failure = networkFailure(root);
  switch (failure) {
    case 'refused':
      return unreachable(
        `cannot connect to Redis at ${where}: connection refused; is it running, and is ${envName} right?`,
      );
    case 'not-found':
    case 'dns-failed':
      return unreachable(
        `cannot connect to Redis at ${where}: host not found; check the host in ${envName}`,
      );
    case 'timed-out':
      return unreachable(
        `Redis at ${where} did not answer in time; check the network path, or raise queue.commandTimeout`,
      );
    case 'unreachable':
      return unreachable(
        `cannot connect to Redis at ${where}: ${networkFailureText(failure)}; check the network path and firewall`,
      );
    case 'reset':
      return unreachable(
        `lost the connection to Redis at ${where} (${networkFailureText(failure)}); is it running, and is ${envName} right?`,
      );
    case 'tls':
      return unreachable(
        `Redis at ${where}: TLS failed (${errorLine(root)}); check the rediss:// URL and the server certificate`,
      );
    case null:
      break;
  }
  const message = error instanceof Error ? error.message : String(error);
  const rootMessage = root instanceof Error ? root.message : message;
  const text = `${message} ${rootMessage}`;
  // ioredis's own command timeout carries no errno code.
  if (/timed out|timeout/i.test(text)) {
    return unreachable(
      `Redis at ${where} did not answer in time; check the network path, or raise queue.commandTimeout`,
    );
  }
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(text)) {
    return unreachable(
      `Redis at ${where} refused the credentials: check the user and password in ${envName}`,
    );
  }
  if (/NOPERM/.test(text)) {
    return new SourceQueryError(
      `the Redis user at ${where} lacks a permission jobdeck needs (${errorLine(root)}): grant it +@read +evalsha +eval (and +@write on rq:* keys for cleanup)`,
      options,
    );
  }
  // ioredis's words for a socket that closed without an errno code (offline queue disabled).
  if (
    /Connection is closed|ECONNRESET|EPIPE|Stream isn't writeable|MaxRetriesPerRequest/i.test(text)
  ) {
    return unreachable(
      `lost the connection to Redis at ${where} (${errorLine(root)}); is it running, and is ${envName} right?`,
    );
  }
  return new SourceQueryError(
    `Redis at ${where} answered with an error: ${errorLine(root)}`,
    options,
  );
}
