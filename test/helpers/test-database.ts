import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import type { EmbeddedPostgresServer } from '../../src/demo/embedded/embedded-server.js';
import { startEmbeddedPostgres } from '../../src/demo/embedded/embedded-server.js';
import { SourceUnreachableError } from '../../src/shared/errors.js';
import { redactUrl } from '../../src/shared/redact.js';

export interface TestDatabase {
  /** Connection URL of the new database. */
  readonly url: string;
  readonly name: string;
  /** Ends the remaining sessions and drops the database. */
  drop(): Promise<void>;
}

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const REACHABLE_TIMEOUT_MS = 500;

let sharedEmbedded: Promise<EmbeddedPostgresServer> | undefined;

/**
 * A fresh, uniquely named database for one test file: on the real PostgreSQL
 * (`JOBDECK_TEST_PG_URL`, default the local server), else on one embedded server shared
 * by this test process. CI must exercise the real server, so there an unreachable one
 * is an error instead of a silent fallback.
 */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const adminUrl = await resolveAdminUrl();
  const name = `jobdeck_test_${sanitize(prefix)}_${randomBytes(4).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${quote(name)}`));
  const url = withDatabase(adminUrl, name);
  let dropped: Promise<void> | undefined;
  return {
    url,
    name,
    drop(): Promise<void> {
      dropped ??= withClient(adminUrl, async (client) => {
        // WITH (FORCE) terminates sessions too; the explicit terminate also covers a
        // pool that reconnects between the two statements.
        await client.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        await client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
      });
      return dropped;
    },
  };
}

async function resolveAdminUrl(): Promise<string> {
  const url = process.env.JOBDECK_TEST_PG_URL ?? DEFAULT_URL;
  if (await isReachable(url)) return url;
  if (process.env.CI === 'true') {
    throw new SourceUnreachableError(
      `The test PostgreSQL at ${redactUrl(url)} is not reachable, and CI does not fall back to an embedded server: start PostgreSQL or set JOBDECK_TEST_PG_URL.`,
    );
  }
  sharedEmbedded ??= startShared();
  return (await sharedEmbedded).url;
}

async function startShared(): Promise<EmbeddedPostgresServer> {
  // One data dir per test process: vitest runs several worker processes (and other
  // people may run vitest at the same time), and a data dir cannot be shared by two
  // servers. initdb costs about 0.6 s, once per process.
  const dataDir = await mkdtemp(join(tmpdir(), 'jobdeck-test-pg-'));
  // The server itself is stopped at exit without our help: startEmbeddedPostgres
  // signals it when the process exits, and its watchdog when the process is killed
  // (vitest ends its workers with a signal, so no 'exit' handler of ours would run).
  removeWhenProcessEnds(dataDir);
  return startEmbeddedPostgres({ dataDir });
}

/**
 * Deletes `dir` once this process has ended, however it ends: a detached shell blocks
 * on a pipe from us, sees EOF when we are gone, waits for the server to remove its
 * postmaster.pid (shut down) and removes the directory.
 */
function removeWhenProcessEnds(dir: string): void {
  const script = [
    'while read -r _; do :; done',
    'i=0',
    'while [ -e "$1/postmaster.pid" ] && [ "$i" -lt 150 ]; do sleep 0.1; i=$((i + 1)); done',
    'rm -rf -- "$1"',
  ].join('; ');
  const child = spawn('/bin/sh', ['-c', script, 'jobdeck-test-pg-cleanup', dir], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  child.on('error', () => undefined);
  child.unref();
  (child.stdin as Socket | null)?.unref();
}

/** A quick TCP probe, so an absent server costs half a second, not a driver timeout. */
function isReachable(url: string): Promise<boolean> {
  let host: string;
  let port: number;
  try {
    const parsed = new URL(url);
    host = parsed.hostname === '' ? '127.0.0.1' : parsed.hostname.replace(/^\[|\]$/g, '');
    port = parsed.port === '' ? 5432 : Number(parsed.port);
  } catch {
    // Not a URL we can probe (e.g. a Unix socket in the query string): let pg try.
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(REACHABLE_TIMEOUT_MS, () => {
      done(false);
    });
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
  });
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Database names become identifiers: keep them to [a-z0-9_] and within 63 bytes. */
function sanitize(prefix: string): string {
  const cleaned = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (cleaned === '' ? 'db' : cleaned).slice(0, 40);
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
