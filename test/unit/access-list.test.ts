import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessList } from '../../src/serve/access-list.js';
import { keyFingerprint } from '../../src/shared/key-fingerprint.js';
import { ConfigError } from '../../src/shared/errors.js';
import { generateEd25519 } from '../../src/serve/generate-ed25519.js';

/** A generated ed25519 key: its authorized_keys line, its blob and its private half. */
interface TestKey {
  /** `ssh-ed25519 AAAA… comment` */
  readonly line: string;
  /** The same line without the comment. */
  readonly bare: string;
  readonly blob: Buffer;
  readonly privateKey: ParsedKey;
}

function testKey(comment: string): TestKey {
  const pair = generateEd25519(comment);
  const privateKey = ssh2.utils.parseKey(pair.private);
  if (privateKey instanceof Error) throw privateKey;
  const [type = '', base64 = ''] = pair.public.split(' ');
  return {
    line: pair.public.trim(),
    bare: `${type} ${base64}`,
    blob: Buffer.from(base64, 'base64'),
    privateKey,
  };
}

const alice = testKey('alice@laptop');
const bob = testKey('bob@desk');
const carol = testKey('carol');

describe('AccessList', () => {
  let dir: string;
  let viewers: string;
  let operators: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobdeck-access-'));
    viewers = join(dir, 'viewers');
    operators = join(dir, 'operators');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives each key the role of its file and its comment as name', () => {
    writeFileSync(viewers, `# who may look\n${alice.line}\n`);
    writeFileSync(operators, `${bob.line}\n`);
    const list = new AccessList({ viewers: [viewers], operators: [operators] });
    expect(list.reload()).toEqual([]);
    expect(list.lookup(alice.blob)).toEqual({
      role: 'viewer',
      name: 'alice@laptop',
      fingerprint: keyFingerprint(alice.blob),
    });
    expect(list.lookup(bob.blob)?.role).toBe('operator');
    expect(list.lookup(bob.blob)?.name).toBe('bob@desk');
    expect(list.size).toBe(2);
    expect(list.counts()).toEqual({ viewers: 1, operators: 1 });
  });

  it('a key in both files is an operator', () => {
    writeFileSync(viewers, `${alice.line}\n${bob.line}\n`);
    writeFileSync(operators, `${alice.line}\n`);
    const list = new AccessList({ viewers: [viewers], operators: [operators] });
    list.reload();
    expect(list.lookup(alice.blob)?.role).toBe('operator');
    expect(list.lookup(bob.blob)?.role).toBe('viewer');
    expect(list.counts()).toEqual({ viewers: 1, operators: 1 });
  });

  it('names a key without a comment by its fingerprint', () => {
    writeFileSync(viewers, `${carol.bare}\n`);
    writeFileSync(operators, '');
    const list = new AccessList({ viewers: [viewers], operators: [operators] });
    list.reload();
    const identity = list.lookup(carol.blob);
    expect(identity?.name).toBe(keyFingerprint(carol.blob));
    expect(identity?.name).toMatch(/^SHA256:/);
  });

  it('does not know a key in no file', () => {
    writeFileSync(viewers, `${alice.line}\n`);
    writeFileSync(operators, '');
    const list = new AccessList({ viewers: [viewers], operators: [operators] });
    list.reload();
    expect(list.lookup(bob.blob)).toBeNull();
    expect(list.lookup(Buffer.alloc(0))).toBeNull();
  });

  it('returns the lines that are not keys as warnings naming the file', () => {
    writeFileSync(viewers, `${alice.line}\nnot a key at all\n`);
    writeFileSync(operators, '');
    const list = new AccessList({ viewers: [viewers], operators: [operators] });
    const warnings = list.reload();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(viewers);
    expect(warnings[0]).toContain('line 2');
    expect(list.lookup(alice.blob)?.role).toBe('viewer');
  });

  it('verifies a signature by the listed key, and refuses one by another key', () => {
    writeFileSync(viewers, '');
    writeFileSync(operators, `${alice.line}\n`);
    const list = new AccessList({ viewers: [viewers], operators: [operators] });
    list.reload();
    const data = Buffer.from('session id and userauth request');
    const good = alice.privateKey.sign(data);
    const forged = bob.privateKey.sign(data);
    if (good instanceof Error) throw good;
    if (forged instanceof Error) throw forged;
    expect(list.verify(alice.blob, data, good)).toBe(true);
    expect(list.verify(alice.blob, data, forged)).toBe(false);
    expect(list.verify(alice.blob, Buffer.from('other data'), good)).toBe(false);
    // Bob's own signature does not help him: his key is in no file.
    expect(list.verify(bob.blob, data, forged)).toBe(false);
  });

  it('throws a ConfigError naming a missing file and keeps the previous set', () => {
    writeFileSync(viewers, `${alice.line}\n`);
    writeFileSync(operators, `${bob.line}\n`);
    const list = new AccessList({ viewers: [viewers], operators: [operators] });
    list.reload();
    rmSync(operators);

    let thrown: unknown;
    try {
      list.reload();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toContain(operators);

    expect(list.lookup(alice.blob)?.role).toBe('viewer');
    expect(list.lookup(bob.blob)?.role).toBe('operator');
    expect(list.size).toBe(2);
  });

  it('picks up a key added to a file on reload, and drops one removed', () => {
    writeFileSync(viewers, `${alice.line}\n`);
    writeFileSync(operators, '');
    const list = new AccessList({ viewers: [viewers], operators: [operators] });
    list.reload();
    expect(list.lookup(bob.blob)).toBeNull();

    appendFileSync(operators, `${bob.line}\n`);
    list.reload();
    expect(list.lookup(bob.blob)?.role).toBe('operator');

    writeFileSync(viewers, '');
    list.reload();
    expect(list.lookup(alice.blob)).toBeNull();
    expect(list.size).toBe(1);
  });

  it('reads every file of a role', () => {
    const more = join(dir, 'more-viewers');
    writeFileSync(viewers, `${alice.line}\n`);
    writeFileSync(more, `${carol.line}\n`);
    writeFileSync(operators, '');
    const list = new AccessList({ viewers: [viewers, more], operators: [operators] });
    list.reload();
    expect(list.lookup(alice.blob)?.role).toBe('viewer');
    expect(list.lookup(carol.blob)?.role).toBe('viewer');
  });
});
