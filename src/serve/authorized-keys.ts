/** One key line of an authorized_keys file. */
export interface AuthorizedKeyLine {
  /** `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, `sk-ssh-ed25519@openssh.com`… */
  readonly type: string;
  /** The key blob (the base64 field, decoded). */
  readonly blob: Buffer;
  /** The comment: who the key belongs to (`alice@laptop`); empty when the line has none. */
  readonly comment: string;
  /** The line number in its file, from 1. */
  readonly line: number;
}

export interface ParsedAuthorizedKeys {
  readonly keys: readonly AuthorizedKeyLine[];
  /** `line N: why` for each line that is neither a key, a comment nor blank. */
  readonly problems: readonly string[];
}

const KEY_TYPE =
  /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Options that restrict who may log in: not enforced here, so such a key is not let in. */
const UNENFORCED = /(?:^|,|\s)(from=|expiry-time=|cert-authority|principals=)/i;

/** Splits on blanks outside double quotes (options like `command="a b"` stay one token). */
function tokens(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === '\\' && quoted && i + 1 < line.length) {
      current += c + line.charAt(i + 1);
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if ((c === ' ' || c === '\t') && !quoted) {
      if (current !== '') out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current !== '') out.push(current);
  return out;
}

/** The type name inside a key blob (its first SSH string). */
function blobType(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const length = blob.readUInt32BE(0);
  if (length <= 0 || length > 64 || 4 + length > blob.length) return null;
  return blob.subarray(4, 4 + length).toString('latin1');
}

/**
 * The authorized_keys format of OpenSSH's sshd(8): per line optional options, the key
 * type, the base64 key and an optional comment; `#` lines and blank lines are skipped.
 * Options that only limit a shell (`command=`, `restrict`, `pty`, `no-port-forwarding`…)
 * are accepted and ignored: jobdeck's roles come from which file the key is in, and it
 * offers no shell. A key with an option that limits *who* may log in (`from=`,
 * `expiry-time=`, `cert-authority`, `principals=`) is skipped with a problem, never let
 * in without the limit.
 */
export function parseAuthorizedKeys(text: string): ParsedAuthorizedKeys {
  const keys: AuthorizedKeyLine[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = tokens(line);
    const at = parts.findIndex((p, i) => KEY_TYPE.test(p) && BASE64.test(parts[i + 1] ?? ''));
    if (at === -1) {
      problems.push(`line ${index + 1}: not a public key (expected e.g. ssh-ed25519 AAAA… name)`);
      return;
    }
    const options = parts.slice(0, at).join(' ');
    const unenforced = UNENFORCED.exec(options);
    if (unenforced !== null) {
      problems.push(
        `line ${index + 1}: skipped: jobdeck serve does not enforce ${unenforced[1] ?? ''}; list the key without it`,
      );
      return;
    }
    const type = parts[at] ?? '';
    const blob = Buffer.from(parts[at + 1] ?? '', 'base64');
    if (blobType(blob) !== type) {
      problems.push(
        `line ${index + 1}: the ${type} key's data is damaged (its type does not match)`,
      );
      return;
    }
    keys.push({ type, blob, comment: parts.slice(at + 2).join(' '), line: index + 1 });
  });
  return { keys, problems };
}
