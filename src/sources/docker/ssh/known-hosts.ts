import { createHmac } from 'node:crypto';

/** One key line of an OpenSSH `known_hosts` file (`@cert-authority` lines are skipped). */
export interface KnownHostEntry {
  readonly revoked: boolean;
  /** Comma-separated patterns as written: names, `[host]:port`, `*`/`?`, `!negated`, `|1|salt|hash`. */
  readonly patterns: readonly string[];
  readonly keyType: string;
  /** The public key blob, as the server sends it. */
  readonly key: Buffer;
}

/** What `known_hosts` says about the key a host presented. */
export type HostKeyVerdict =
  | { readonly kind: 'known' }
  | { readonly kind: 'unknown' }
  /** The host is listed, with other keys: a changed key (or a man in the middle). */
  | { readonly kind: 'changed' }
  | { readonly kind: 'revoked' };

/** Parses the text of a known_hosts file; malformed lines are skipped, as ssh does. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: string | null = null;
    if (fields[0]?.startsWith('@') === true) marker = fields.shift() ?? null;
    // A CA signs host certificates; we verify plain keys only.
    if (marker === '@cert-authority') continue;
    const [hosts, keyType, base64] = fields;
    if (hosts === undefined || keyType === undefined || base64 === undefined) continue;
    const key = Buffer.from(base64, 'base64');
    if (key.length === 0) continue;
    entries.push({ revoked: marker === '@revoked', patterns: hosts.split(','), keyType, key });
  }
  return entries;
}

/** The name ssh looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(name);
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    // HashKnownHosts: |1|base64(salt)|base64(HMAC-SHA1(salt, name)).
    const [, , salt, hash] = pattern.split('|');
    if (salt === undefined || hash === undefined) return false;
    const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return digest === hash;
  }
  return globMatch(pattern, name);
}

/** ssh's rule: a negated pattern that matches excludes the line, whatever else matches. */
export function entryMatchesHost(entry: KnownHostEntry, name: string): boolean {
  let matched = false;
  for (const pattern of entry.patterns) {
    if (pattern.startsWith('!')) {
      if (patternMatches(pattern.slice(1), name)) return false;
    } else if (patternMatches(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/** The type name inside a key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const length = key.readUInt32BE(0);
  if (length > key.length - 4 || length > 64) return 'unknown';
  return key.subarray(4, 4 + length).toString('latin1');
}

/** Checks a presented key against the entries for `host:port`. */
export function verifyHostKey(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
  key: Buffer,
): HostKeyVerdict {
  const name = knownHostName(host, port);
  const forHost = entries.filter((entry) => entryMatchesHost(entry, name));
  if (forHost.some((entry) => entry.revoked && entry.key.equals(key))) return { kind: 'revoked' };
  if (forHost.some((entry) => !entry.revoked && entry.key.equals(key))) return { kind: 'known' };
  // Like ssh, only a key of the same type counts as "changed"; another type is unknown.
  const type = keyTypeOf(key);
  const others = forHost.filter((entry) => !entry.revoked && entry.keyType === type);
  if (others.length > 0) return { kind: 'changed' };
  return { kind: 'unknown' };
}
