import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkPackages, loadedPackages } from '../../bench/bundle-packages.js';
import { loadQfieldcloud } from '../helpers/qfieldcloud-fixture.js';
import { CLI } from '../helpers/run-cli.js';
import { createTestDatabase } from '../helpers/test-database.js';

/**
 * What each command of the built bundle loads (issue 14): the memory work is undone by
 * one stray import, so it is checked here, on the real binary, by what it loaded rather
 * than by how much memory that took (bench/footprint.ts measures that).
 */
const dist = join(import.meta.dirname, '..', '..', 'dist');
const probe = join(import.meta.dirname, '..', '..', 'bench', 'footprint-probe.mjs');
const byChunk = chunkPackages(dist);
const cwd = mkdtempSync(join(tmpdir(), 'jobdeck-loads-'));
writeFileSync(join(cwd, 'jobdeck.yaml'), 'docker: { enabled: false }\n');

interface Loaded {
  /** npm packages inside the bundle chunks loaded (from dist/meta.json), and externals. */
  readonly packages: ReadonlySet<string>;
  /** Node's own modules, as process.moduleLoadList names them (`tls`, `internal/…`). */
  readonly builtins: ReadonlySet<string>;
}

function loadedBy(args: string[], env: Record<string, string>): Loaded {
  const out = join(cwd, 'loaded.json');
  rmSync(out, { force: true });
  const run = spawnSync(process.execPath, ['--import', probe, CLI, ...args], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: cwd,
      XDG_STATE_HOME: join(cwd, 'state'),
      NO_COLOR: '1',
      FOOTPRINT_OUT: out,
      ...env,
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.status !== 0) throw new Error(`jobdeck ${args.join(' ')}: ${run.stderr}`);
  const probed = JSON.parse(readFileSync(out, 'utf8')) as { files: string[]; builtins: string[] };
  const packages = new Set(loadedPackages(probed.files, dist, byChunk));
  const builtins = new Set(probed.builtins.map((entry) => entry.replace(/^NativeModule /, '')));
  return { packages, builtins };
}

describe('what the built binary loads, per command', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase('bundle_loads');
    await loadQfieldcloud(db.url, []);
  });
  afterAll(async () => {
    await db.drop();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('status: neither Ink nor React, no undici, no TLS', () => {
    const loaded = loadedBy(['status', '--json'], { DATABASE_URL: db.url });
    expect(loaded.packages).toContain('pg');
    expect(loaded.packages).toContain('zod');
    for (const name of ['ink', 'react', 'yoga-layout', 'ioredis', 'nodemailer', 'ssh2']) {
      expect(loaded.packages, name).not.toContain(name);
    }
    expect(loaded.builtins).not.toContain('internal/deps/undici/undici');
    expect(loaded.builtins).not.toContain('tls');
  });

  it('monitor: no Ink, no undici, no TLS, no prom-client without --metrics-listen', () => {
    const loaded = loadedBy(['monitor', '--once', '--passive'], { DATABASE_URL: db.url });
    for (const name of ['ink', 'react', 'prom-client', 'nodemailer', 'ssh2']) {
      expect(loaded.packages, name).not.toContain(name);
    }
    expect(loaded.builtins).not.toContain('internal/deps/undici/undici');
    expect(loaded.builtins).not.toContain('tls');
  });

  it('watch: Ink and Yoga, but Yoga does not fetch its WebAssembly (no undici)', () => {
    const loaded = loadedBy(['watch', '--once'], { DATABASE_URL: db.url });
    expect(loaded.packages).toContain('ink');
    expect(loaded.packages).toContain('yoga-layout');
    expect(loaded.builtins).not.toContain('internal/deps/undici/undici');
  });
});
