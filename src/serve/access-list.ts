import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { ConfigError, errorLine } from '../shared/errors.js';
import { keyFingerprint } from '../shared/key-fingerprint.js';
import { parseAuthorizedKeys } from './authorized-keys.js';

export type Role = 'viewer' | 'operator';

/** Who a session is: its key's role, comment and fingerprint. */
export interface Identity {
  readonly role: Role;
  /** The key's comment (the person), or its fingerprint when the line has none. */
  readonly name: string;
  readonly fingerprint: string;
}

interface Entry extends Identity {
  readonly key: ParsedKey;
}

export interface AccessFiles {
  readonly viewers: readonly string[];
  readonly operators: readonly string[];
}

/**
 * The keys that may log in, from authorized_keys-format files: `operators` may act,
 * `viewers` may only look; a key in both is an operator. `reload()` swaps the whole set
 * at once, so a session that already logged in keeps its role until it ends.
 */
export class AccessList {
  private entries = new Map<string, Entry>();

  constructor(private readonly files: AccessFiles) {}

  get size(): number {
    return this.entries.size;
  }

  /** Counts by role, for the start-up line. */
  counts(): { viewers: number; operators: number } {
    let operators = 0;
    for (const e of this.entries.values()) if (e.role === 'operator') operators++;
    return { viewers: this.entries.size - operators, operators };
  }

  /**
   * Reads every file; throws a ConfigError naming the file when one cannot be read, and
   * keeps the previous set then. Returns the warnings (lines that are not keys).
   */
  reload(): string[] {
    const next = new Map<string, Entry>();
    const warnings: string[] = [];
    const read = (path: string, role: Role): void => {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        throw new ConfigError(
          `serve.access: cannot read ${path} (${errorLine(error)}); create it in authorized_keys format`,
        );
      }
      const parsed = parseAuthorizedKeys(text);
      for (const problem of parsed.problems) warnings.push(`${path}: ${problem}`);
      for (const line of parsed.keys) {
        const key = ssh2.utils.parseKey(`${line.type} ${line.blob.toString('base64')}`);
        if (key instanceof Error) {
          warnings.push(`${path}: line ${line.line}: ${key.message}`);
          continue;
        }
        const id = line.blob.toString('base64');
        const fingerprint = keyFingerprint(line.blob);
        const existing = next.get(id);
        if (existing?.role === 'operator' && role === 'viewer') continue;
        next.set(id, {
          role,
          name: line.comment === '' ? fingerprint : line.comment,
          fingerprint,
          key,
        });
      }
    };
    for (const path of this.files.viewers) read(path, 'viewer');
    for (const path of this.files.operators) read(path, 'operator');
    this.entries = next;
    return warnings;
  }

  /** The identity of a key blob, or null for a key in no file. */
  lookup(blob: Buffer): Identity | null {
    const entry = this.entries.get(blob.toString('base64'));
    return entry === undefined
      ? null
      : { role: entry.role, name: entry.name, fingerprint: entry.fingerprint };
  }

  /** True when `signature` over `data` is by the listed key `blob`. */
  verify(blob: Buffer, data: Buffer, signature: Buffer, hashAlgo?: string): boolean {
    const entry = this.entries.get(blob.toString('base64'));
    if (entry === undefined) return false;
    return entry.key.verify(data, signature, hashAlgo);
  }
}
