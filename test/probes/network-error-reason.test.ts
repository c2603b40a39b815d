import { describe, expect, it } from 'vitest';
import { networkErrorReason } from '../../src/shared/network-error.js';

function systemError(code: string, message = `${code} happened`): Error {
  return Object.assign(new Error(message), { code });
}

describe('networkErrorReason', () => {
  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['ENOTFOUND', 'host name not found'],
    ['EAI_AGAIN', 'host name lookup failed (DNS not answering)'],
    ['EHOSTUNREACH', 'host unreachable'],
    ['ECONNRESET', 'connection reset'],
    ['ETIMEDOUT', 'connect timed out'],
  ])('%s → %s', (code, reason) => {
    expect(networkErrorReason(systemError(code))).toBe(reason);
  });

  it('names TLS failures as such', () => {
    const error = systemError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate');
    expect(networkErrorReason(error)).toBe('TLS: self-signed certificate');
  });

  it('falls back to the first line of the message, redacted', () => {
    const error = new Error('cannot reach postgres://app:hunter2@db:5432/app\nstack detail');
    expect(networkErrorReason(error)).toBe('cannot reach postgres://app:***@db:5432/app');
  });
});
