import { describe, expect, it } from 'vitest';
import { SourceQueryError, SourceUnreachableError } from '../../src/shared/errors.js';
import { describeRedisError } from '../../src/sources/queue/redis/describe-redis-error.js';

const URL = 'redis://:s3cret-pw@cache.internal:6380/2';
const WHERE = 'redis://cache.internal:6380/2';
const err = (code: string, message = code): Error => Object.assign(new Error(message), { code });
/** What ioredis rejects a command with when the socket failed (the errno came by 'error'). */
const closed = new Error('Connection is closed.');

describe('describeRedisError: one line with the endpoint, what to check, never the password', () => {
  it.each([
    [
      'ECONNREFUSED',
      `cannot connect to Redis at ${WHERE}: connection refused; is it running, and is REDIS_URL right?`,
    ],
    [
      'ENOTFOUND',
      `cannot connect to Redis at ${WHERE}: host not found; check the host in REDIS_URL`,
    ],
    [
      'EAI_AGAIN',
      `cannot connect to Redis at ${WHERE}: host not found; check the host in REDIS_URL`,
    ],
    ['ETIMEDOUT', `Redis at ${WHERE} did not answer in time; check the network path`],
    ['EHOSTUNREACH', `${WHERE}: host unreachable; check the network path and firewall`],
    ['ECONNRESET', `lost the connection to Redis at ${WHERE} (connection reset)`],
    ['EPIPE', `lost the connection to Redis at ${WHERE} (connection reset)`],
    ['ERR_TLS_CERT_ALTNAME_INVALID', `Redis at ${WHERE}: TLS failed`],
  ])('%s (the socket error, through the shared classifier)', (code, line) => {
    const e = describeRedisError(closed, URL, 'REDIS_URL', err(code, `connect ${code}`));
    expect(e).toBeInstanceOf(SourceUnreachableError);
    expect(e.message).toContain(line);
    expect(e.message).not.toContain('s3cret-pw');
  });

  it('classifies the error itself when no socket error was emitted', () => {
    expect(describeRedisError(err('ECONNREFUSED'), URL, 'REDIS_URL').message).toContain(
      'connection refused',
    );
    const lost = describeRedisError(closed, URL, 'REDIS_URL');
    expect(lost).toBeInstanceOf(SourceUnreachableError);
    expect(lost.message).toBe(
      `lost the connection to Redis at ${WHERE} (Connection is closed.); is it running, and is REDIS_URL right?`,
    );
    expect(describeRedisError(new Error('Command timed out'), URL, 'REDIS_URL').message).toContain(
      'raise queue.commandTimeout',
    );
  });

  it("Redis's own replies: credentials, permissions, anything else", () => {
    const auth = describeRedisError(
      new Error('WRONGPASS invalid username-password pair or user is disabled.'),
      URL,
      'REDIS_URL',
    );
    expect(auth).toBeInstanceOf(SourceUnreachableError);
    expect(auth.message).toContain('refused the credentials: check the user and password');
    const perm = describeRedisError(
      new Error("NOPERM this user has no permissions to run the 'evalsha' command"),
      URL,
      'REDIS_URL',
    );
    expect(perm).toBeInstanceOf(SourceQueryError);
    expect(perm.message).toContain('+@read +evalsha +eval');
    const other = describeRedisError(new Error('ERR unknown command'), URL, 'REDIS_URL');
    expect(other).toBeInstanceOf(SourceQueryError);
    expect(other.message).toBe(`Redis at ${WHERE} answered with an error: ERR unknown command`);
  });

  it('passes jobdeck errors through unchanged', () => {
    const mine = new SourceQueryError('the read script returned number');
    expect(describeRedisError(mine, URL, 'REDIS_URL')).toBe(mine);
  });
});
