import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAuthorizedKeys } from '../../src/serve/authorized-keys.js';
import { keyFingerprint } from '../../src/shared/key-fingerprint.js';

/** An SSH wire string: uint32 length, then the bytes. */
function sshString(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** A key blob as OpenSSH writes it: the type name, then the key (32 bytes of `fill` here). */
function blobOf(type: string, fill = 7): Buffer {
  return Buffer.concat([sshString(type), sshString(Buffer.alloc(32, fill))]);
}

const ed = blobOf('ssh-ed25519', 1);
const ed64 = ed.toString('base64');

describe('parseAuthorizedKeys: the lines sshd accepts', () => {
  it('reads a plain key line: type, blob and comment', () => {
    const { keys, problems } = parseAuthorizedKeys(`ssh-ed25519 ${ed64} alice@laptop\n`);
    expect(problems).toEqual([]);
    expect(keys).toHaveLength(1);
    const key = keys[0];
    expect(key?.type).toBe('ssh-ed25519');
    expect(key?.blob.equals(ed)).toBe(true);
    expect(key?.comment).toBe('alice@laptop');
    expect(key?.line).toBe(1);
  });

  it('skips options, even with blanks inside quotes', () => {
    const text = `command="jobdeck --read-only",restrict,pty ssh-ed25519 ${ed64} alice@laptop`;
    const { keys, problems } = parseAuthorizedKeys(text);
    expect(problems).toEqual([]);
    expect(keys.map((k) => [k.type, k.comment])).toEqual([['ssh-ed25519', 'alice@laptop']]);
    expect(keys[0]?.blob.equals(ed)).toBe(true);
  });

  it('keeps escaped quotes inside a quoted option in one token', () => {
    const text = `command="echo \\"a b\\" ssh-rsa x",restrict ssh-ed25519 ${ed64} bob`;
    const { keys, problems } = parseAuthorizedKeys(text);
    expect(problems).toEqual([]);
    expect(keys.map((k) => [k.type, k.comment])).toEqual([['ssh-ed25519', 'bob']]);
  });

  it('skips a key whose options limit who may log in (not enforced here), saying so', () => {
    const text = [
      `from="10.0.0.0/8" ssh-ed25519 ${ed64} carol`,
      `cert-authority ssh-ed25519 ${ed64} ca`,
      `restrict,expiry-time="20270101" ssh-ed25519 ${ed64} dave`,
      `restrict,pty ssh-ed25519 ${ed64} erin`,
    ].join('\n');
    const { keys, problems } = parseAuthorizedKeys(text);
    expect(keys.map((k) => k.comment)).toEqual(['erin']);
    expect(problems).toEqual([
      'line 1: skipped: jobdeck serve does not enforce from=; list the key without it',
      'line 2: skipped: jobdeck serve does not enforce cert-authority; list the key without it',
      'line 3: skipped: jobdeck serve does not enforce expiry-time=; list the key without it',
    ]);
  });

  it('keeps a comment with blanks, and an empty comment when there is none', () => {
    const { keys } = parseAuthorizedKeys(
      `ssh-ed25519 ${ed64} Alice Example (ops laptop)\nssh-ed25519 ${ed64}\n`,
    );
    expect(keys.map((k) => k.comment)).toEqual(['Alice Example (ops laptop)', '']);
  });

  it('skips # lines and blank lines, and numbers the key lines as in the file', () => {
    const text = [
      '# operators of the night shift',
      '',
      '   ',
      `ssh-ed25519 ${ed64} alice`,
      '\t# indented comment',
      `ssh-rsa ${blobOf('ssh-rsa', 2).toString('base64')} bob`,
    ].join('\n');
    const { keys, problems } = parseAuthorizedKeys(text);
    expect(problems).toEqual([]);
    expect(keys.map((k) => [k.line, k.type, k.comment])).toEqual([
      [4, 'ssh-ed25519', 'alice'],
      [6, 'ssh-rsa', 'bob'],
    ]);
  });

  it('reads a CRLF file the same (no \\r in comments)', () => {
    const text = `# keys\r\nssh-ed25519 ${ed64} alice@laptop\r\n\r\nssh-ed25519 ${ed64} bob\r\n`;
    const { keys, problems } = parseAuthorizedKeys(text);
    expect(problems).toEqual([]);
    expect(keys.map((k) => [k.line, k.comment])).toEqual([
      [2, 'alice@laptop'],
      [4, 'bob'],
    ]);
  });

  it('accepts the other OpenSSH key types', () => {
    const types = [
      'ecdsa-sha2-nistp256',
      'ecdsa-sha2-nistp521',
      'sk-ssh-ed25519@openssh.com',
      'ssh-dss',
    ];
    const text = types.map((t) => `${t} ${blobOf(t).toString('base64')} x`).join('\n');
    expect(parseAuthorizedKeys(text).keys.map((k) => k.type)).toEqual(types);
  });
});

describe('parseAuthorizedKeys: lines that are not keys', () => {
  it('reports garbage as `line N: …` and keeps the good lines', () => {
    const text = [
      `ssh-ed25519 ${ed64} alice`,
      'hello world',
      'ssh-ed25519', // a type without data
      `ssh-foo ${ed64} mallory`, // not a key type
      `ssh-ed25519 not*base64 eve`,
    ].join('\n');
    const { keys, problems } = parseAuthorizedKeys(text);
    expect(keys.map((k) => k.comment)).toEqual(['alice']);
    expect(problems).toHaveLength(4);
    expect(problems.map((p) => /^line (\d+): /.exec(p)?.[1])).toEqual(['2', '3', '4', '5']);
  });

  it('reports a blob whose embedded type is not the line type as damaged', () => {
    const rsaBlob = blobOf('ssh-rsa').toString('base64');
    const { keys, problems } = parseAuthorizedKeys(`\nssh-ed25519 ${rsaBlob} alice`);
    expect(keys).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^line 2: /);
    expect(problems[0]).toContain('ssh-ed25519');
    expect(problems[0]).toContain('damaged');
  });

  it('reports a blob too short to hold a type as damaged, not a crash', () => {
    const { keys, problems } = parseAuthorizedKeys('ssh-ed25519 AAAA alice');
    expect(keys).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/^line 1: .*damaged/)]);
  });

  it('an empty file is no keys and no problems', () => {
    expect(parseAuthorizedKeys('')).toEqual({ keys: [], problems: [] });
    expect(parseAuthorizedKeys('\n\n# only comments\n')).toEqual({ keys: [], problems: [] });
  });
});

const hasSshKeygen = spawnSync('ssh-keygen', ['-?']).error === undefined;

describe('keyFingerprint', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('is SHA256: and unpadded base64 of the blob', () => {
    const fingerprint = keyFingerprint(ed);
    expect(fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(keyFingerprint(blobOf('ssh-ed25519', 2))).not.toBe(fingerprint);
  });

  it.skipIf(!hasSshKeygen)('matches `ssh-keygen -l` for a key it generated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobdeck-fp-'));
    dirs.push(dir);
    const file = join(dir, 'id');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'x', '-f', file]);
    const listed = execFileSync('ssh-keygen', ['-l', '-f', `${file}.pub`], { encoding: 'utf8' });
    const expected = listed.split(' ')[1];
    expect(expected).toMatch(/^SHA256:/);

    const { keys, problems } = parseAuthorizedKeys(readFileSync(`${file}.pub`, 'utf8'));
    expect(problems).toEqual([]);
    expect(keys).toHaveLength(1);
    const key = keys[0];
    if (key === undefined) throw new Error('no key parsed');
    expect(key.comment).toBe('x');
    expect(keyFingerprint(key.blob)).toBe(expected);
  });
});
