import { describe, expect, it } from 'vitest';
import { SourceQueryError, SourceUnreachableError } from '../../src/shared/errors.js';
import { describePgError } from '../../src/sources/queue/postgres/describe-pg-error.js';

const URL = 'postgres://qfc:s3cret-pw@db.internal:6543/qfieldcloud_db';
const err = (code: string, message = code): Error => Object.assign(new Error(message), { code });

describe('describePgError: one line with host:port, what to check, never the password', () => {
  it.each([
    [
      'ECONNREFUSED',
      'db.internal:6543: connection refused; is it running, and is DATABASE_URL right?',
    ],
    ['ENOTFOUND', 'host db.internal not found; check the host in DATABASE_URL'],
    ['EAI_AGAIN', 'host db.internal not found; check the host in DATABASE_URL'],
    ['ETIMEDOUT', 'db.internal:6543: timed out; check the network path and firewall'],
    ['EHOSTUNREACH', 'db.internal:6543: host unreachable; check the network path and firewall'],
    ['ECONNRESET', 'lost the connection to PostgreSQL at db.internal:6543 (connection reset)'],
  ])('%s (network, through the shared classifier)', (code, line) => {
    const e = describePgError(err(code), URL, 'DATABASE_URL');
    expect(e).toBeInstanceOf(SourceUnreachableError);
    expect(e.message).toContain(line);
    expect(e.message).not.toContain('s3cret-pw');
  });

  it('SQLSTATEs: credentials, missing database, timeout', () => {
    expect(describePgError(err('28P01'), URL, 'DATABASE_URL').message).toContain(
      'refused user qfc: check the credentials in DATABASE_URL',
    );
    expect(describePgError(err('3D000'), URL, 'DATABASE_URL').message).toContain(
      'has no database "qfieldcloud_db"',
    );
    const timeout = describePgError(err('57014'), URL, 'DATABASE_URL');
    expect(timeout).toBeInstanceOf(SourceQueryError);
    expect(timeout.message).toContain('queue.statementTimeout');
  });

  it('anything else keeps the server words after host:port', () => {
    const e = describePgError(new Error('syntax error near s3cret-pw'), URL, 'DATABASE_URL');
    expect(e.message).toMatch(/^PostgreSQL at db\.internal:6543: /);
  });
});
