import {
  errorLine,
  SourceQueryError,
  SourceUnreachableError,
  type JobdeckError,
} from '../../../shared/errors.js';
import { describeRedisTarget } from './describe-redis-target.js';

/**
 * Turns an ioredis/socket error into one actionable line that names the endpoint and
 * never the password. ioredis reports a failed connect as "Connection is closed." and
 * emits the socket's own error (with its errno code) separately, so the caller passes
 * the last emitted error as `cause` when it has one.
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
  const code = root !== null && typeof root === 'object' && 'code' in root ? String(root.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  const rootMessage = root instanceof Error ? root.message : message;
  const text = `${message} ${rootMessage}`;
  const options = { cause: root };
  if (code === 'ECONNREFUSED') {
    return new SourceUnreachableError(
      `cannot connect to Redis at ${where}: connection refused; is it running, and is ${envName} right?`,
      options,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new SourceUnreachableError(
      `cannot connect to Redis at ${where}: host not found; check the host in ${envName}`,
      options,
    );
  }
  if (code === 'ETIMEDOUT' || /timed out|timeout/i.test(text)) {
    return new SourceUnreachableError(
      `Redis at ${where} did not answer in time; check the network path, or raise queue.commandTimeout`,
      options,
    );
  }
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(text)) {
    return new SourceUnreachableError(
      `Redis at ${where} refused the credentials: check the user and password in ${envName}`,
      options,
    );
  }
  if (/NOPERM/.test(text)) {
    return new SourceQueryError(
      `the Redis user at ${where} lacks a permission jobdeck needs (${errorLine(root)}): grant it +@read +evalsha +eval (and +@write on rq:* keys for cleanup)`,
      options,
    );
  }
  if (
    /Connection is closed|ECONNRESET|EPIPE|Stream isn't writeable|MaxRetriesPerRequest/i.test(text)
  ) {
    return new SourceUnreachableError(
      `lost the connection to Redis at ${where} (${errorLine(root)}); is it running, and is ${envName} right?`,
      options,
    );
  }
  return new SourceQueryError(
    `Redis at ${where} answered with an error: ${errorLine(root)}`,
    options,
  );
}
