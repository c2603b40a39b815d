import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ssh2 from 'ssh2';
import { ConfigError, errorLine } from '../shared/errors.js';
import { keyFingerprint } from '../shared/key-fingerprint.js';
import { generateEd25519 } from './generate-ed25519.js';

export interface HostKey {
  readonly privateKey: Buffer;
  readonly fingerprint: string;
  /** True when this start generated it. */
  readonly created: boolean;
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/**
 * The server's host key: read from `path`, or, when the file does not exist, an
 * ed25519 key generated once and written there with mode 600 (its folder 700). A file
 * that is there but unreadable or not a private key is an error, never replaced.
 */
export function loadOrCreateHostKey(path: string): HostKey {
  let text: Buffer;
  let created = false;
  try {
    text = readFileSync(path);
  } catch (error) {
    if (!isMissing(error)) {
      throw new ConfigError(`serve host key ${path}: ${errorLine(error)}`);
    }
    const pair = generateEd25519('jobdeck serve');
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, pair.private, { mode: 0o600, flag: 'wx' });
    text = Buffer.from(pair.private);
    created = true;
  }
  const key = ssh2.utils.parseKey(text);
  if (key instanceof Error || !key.isPrivateKey()) {
    const why = key instanceof Error ? key.message : 'a public key';
    throw new ConfigError(
      `serve host key ${path}: not an OpenSSH private key (${why}); pass --host-key with one, or remove the file to generate a new one`,
    );
  }
  return { privateKey: text, fingerprint: keyFingerprint(key.getPublicSSH()), created };
}
