import { describe, expect, it } from 'vitest';
import { redactSecrets, registerUrlSecrets } from '../../src/shared/redact.js';

describe('registerUrlSecrets', () => {
  it('masks the password of a connection URL everywhere, as written and decoded', () => {
    registerUrlSecrets('postgres://app:s%40cr3t-pw@db.internal:5432/queue');
    expect(redactSecrets('auth failed for s@cr3t-pw')).toBe('auth failed for ***');
    expect(redactSecrets('raw s%40cr3t-pw')).toBe('raw ***');
  });

  it('masks a password= parameter', () => {
    registerUrlSecrets('postgres://db.internal/queue?password=param-pw-1');
    expect(redactSecrets('driver said param-pw-1')).toBe('driver said ***');
  });

  it('leaves host and database readable when the URL holds no password', () => {
    registerUrlSecrets('postgres://postgres@127.0.0.1:5432/jobs_nopw');
    expect(redactSecrets('postgres://postgres@127.0.0.1:5432/jobs_nopw answers')).toBe(
      'postgres://postgres@127.0.0.1:5432/jobs_nopw answers',
    );
  });

  it('masks a value that is not a URL whole', () => {
    registerUrlSecrets('::not a url with secret::');
    expect(redactSecrets('got ::not a url with secret::')).toBe('got ***');
  });
});
