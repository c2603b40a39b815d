import { createHmac, randomBytes } from 'node:crypto';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import {
  entryMatchesHost,
  keyTypeOf,
  knownHostName,
  parseKnownHosts,
  verifyHostKey,
} from '../../src/sources/docker/ssh/known-hosts.js';

// Two real keys in the wire format a server sends (ssh2 generates them; pure JS).
function publicKey(type: 'ed25519' | 'ecdsa'): { blob: Buffer; line: string } {
  const pair = ssh2.utils.generateKeyPairSync(type, type === 'ecdsa' ? { bits: 256 } : {});
  const line = pair.public.trim();
  const base64 = line.split(' ')[1] ?? '';
  return { blob: Buffer.from(base64, 'base64'), line };
}

function hashed(name: string): string {
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash}`;
}

describe('known_hosts', () => {
  const a = publicKey('ed25519');
  const b = publicKey('ed25519');
  const ecdsa = publicKey('ecdsa');
  const [aType, aBase64] = a.line.split(' ');

  it('names a host as ssh looks it up: bare on port 22, [host]:port otherwise', () => {
    expect(knownHostName('example.org', 22)).toBe('example.org');
    expect(knownHostName('127.0.0.1', 22201)).toBe('[127.0.0.1]:22201');
  });

  it('reads the key type from the blob', () => {
    expect(keyTypeOf(a.blob)).toBe('ssh-ed25519');
    expect(keyTypeOf(ecdsa.blob)).toBe('ecdsa-sha2-nistp256');
    expect(keyTypeOf(Buffer.alloc(2))).toBe('unknown');
  });

  it('knows a listed key, under a plain, a [host]:port or a comma list of names', () => {
    const entries = parseKnownHosts(
      [
        '# a comment',
        '',
        `host.example,10.0.0.5 ${aType} ${aBase64} root@host`,
        `[127.0.0.1]:22201 ${aType} ${aBase64}`,
      ].join('\n'),
    );
    expect(entries).toHaveLength(2);
    expect(verifyHostKey(entries, '10.0.0.5', 22, a.blob)).toEqual({ kind: 'known' });
    expect(verifyHostKey(entries, 'HOST.example', 22, a.blob)).toEqual({ kind: 'known' });
    expect(verifyHostKey(entries, '127.0.0.1', 22201, a.blob)).toEqual({ kind: 'known' });
    // The same address on another port is another host for ssh.
    expect(verifyHostKey(entries, '127.0.0.1', 22202, a.blob)).toEqual({ kind: 'unknown' });
    expect(verifyHostKey(entries, '127.0.0.1', 22, a.blob)).toEqual({ kind: 'unknown' });
  });

  it('matches hashed names (HashKnownHosts yes), and only the right name', () => {
    const entries = parseKnownHosts(`${hashed('[10.1.1.1]:2222')} ${aType} ${aBase64}\n`);
    expect(verifyHostKey(entries, '10.1.1.1', 2222, a.blob)).toEqual({ kind: 'known' });
    expect(verifyHostKey(entries, '10.1.1.1', 22, a.blob)).toEqual({ kind: 'unknown' });
  });

  it('a different key of the same type for a listed host is "changed"', () => {
    const entries = parseKnownHosts(`host.example ${aType} ${aBase64}\n`);
    expect(verifyHostKey(entries, 'host.example', 22, b.blob)).toEqual({ kind: 'changed' });
    // A key of another type is merely not known (ssh asks, we refuse either way).
    expect(verifyHostKey(entries, 'host.example', 22, ecdsa.blob)).toEqual({ kind: 'unknown' });
  });

  it('honours wildcards and negation, and @revoked', () => {
    const entries = parseKnownHosts(
      [`*.example,!bad.example ${aType} ${aBase64}`, `@revoked * ${b.line}`].join('\n'),
    );
    const [wildcard] = entries;
    if (wildcard === undefined) throw new Error('no entry');
    expect(entryMatchesHost(wildcard, 'web1.example')).toBe(true);
    expect(entryMatchesHost(wildcard, 'bad.example')).toBe(false);
    expect(verifyHostKey(entries, 'web1.example', 22, a.blob)).toEqual({ kind: 'known' });
    expect(verifyHostKey(entries, 'bad.example', 22, a.blob)).toEqual({ kind: 'unknown' });
    expect(verifyHostKey(entries, 'web1.example', 22, b.blob)).toEqual({ kind: 'revoked' });
  });

  it('skips @cert-authority and malformed lines', () => {
    const entries = parseKnownHosts(
      [`@cert-authority *.example ${a.line}`, 'onlyahost', `x ${aType} !!!`].join('\n'),
    );
    expect(entries).toEqual([]);
  });
});
