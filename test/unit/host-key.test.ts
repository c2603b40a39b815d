import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFingerprint } from '../../src/shared/key-fingerprint.js';
import { loadOrCreateHostKey } from '../../src/serve/host-key.js';
import { ConfigError } from '../../src/shared/errors.js';

describe('loadOrCreateHostKey', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobdeck-hostkey-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates an ed25519 key once, mode 600, in a folder it creates', () => {
    const path = join(dir, 'state', 'serve', 'host_ed25519');
    const first = loadOrCreateHostKey(path);
    expect(first.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'state', 'serve')).isDirectory()).toBe(true);

    const key = ssh2.utils.parseKey(readFileSync(path));
    if (key instanceof Error) throw key;
    expect(key.type).toBe('ssh-ed25519');
    expect(key.isPrivateKey()).toBe(true);
    expect(first.fingerprint).toBe(keyFingerprint(key.getPublicSSH()));
    expect(first.privateKey.equals(readFileSync(path))).toBe(true);

    const second = loadOrCreateHostKey(path);
    expect(second.created).toBe(false);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(second.privateKey.equals(first.privateKey)).toBe(true);
  });

  it('creates the new folder with mode 700', () => {
    const folder = join(dir, 'keys');
    loadOrCreateHostKey(join(folder, 'host'));
    expect(statSync(folder).mode & 0o777).toBe(0o700);
  });

  it('refuses a public key in place of the private one, and leaves the file alone', () => {
    const path = join(dir, 'host_ed25519');
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'not private' });
    writeFileSync(path, pair.public);

    expect(() => loadOrCreateHostKey(path)).toThrow(ConfigError);
    expect(() => loadOrCreateHostKey(path)).toThrow(path);
    expect(readFileSync(path, 'utf8')).toBe(pair.public);
  });

  it('refuses a file that is no key at all, and leaves it alone', () => {
    const path = join(dir, 'host_ed25519');
    writeFileSync(path, 'hello\n');
    expect(() => loadOrCreateHostKey(path)).toThrow(ConfigError);
    expect(() => loadOrCreateHostKey(path)).toThrow(path);
    expect(readFileSync(path, 'utf8')).toBe('hello\n');
  });

  it('refuses a path that cannot be read (a folder), without replacing it', () => {
    expect(() => loadOrCreateHostKey(dir)).toThrow(ConfigError);
    expect(statSync(dir).isDirectory()).toBe(true);
  });
});
