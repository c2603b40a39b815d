import { join } from 'node:path';
import { AuditLog } from '../actions/audit-log.js';
import { buildStatusReport } from '../app/status/build-status-report.js';
import { liveSession } from '../app/live-session.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { listenSchema, parseListen } from '../config/serve-config-schema.js';
import { ConfigError, errorLine } from '../shared/errors.js';
import { stateDir } from '../shared/state-dir.js';
import type { CapacityAdvice } from '../sinks/history/capacity-advice.js';
import { readCapacityAdvice } from '../sinks/history/read-capacity-advice.js';
import type { AppSnapshot } from '../store/app-snapshot.js';
import type { AppStore } from '../store/app-store.js';
import { AccessList } from './access-list.js';
import { loadOrCreateHostKey } from './host-key.js';
import { JobdeckSshServer } from './ssh-server.js';

export interface ServeFlags {
  /** `--listen host:port`, over `serve.listen`. */
  readonly listen?: string;
  /** `--host-key <file>`, over `serve.hostKey`. */
  readonly hostKey?: string;
}

/** One line on stderr, journald-friendly. */
function log(line: string): void {
  process.stderr.write(`jobdeck serve: ${line}\n`);
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Resolves once every source has answered once (or after `timeoutMs`). */
async function firstReading(store: AppStore, timeoutMs: number): Promise<AppSnapshot> {
  const ready = (s: AppSnapshot): boolean =>
    s.queue.status !== 'loading' && s.docker.status !== 'loading' && s.probes.status !== 'loading';
  if (ready(store.getSnapshot())) return store.getSnapshot();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(store.getSnapshot());
    }, timeoutMs);
    const off = store.subscribe(() => {
      if (!ready(store.getSnapshot())) return;
      clearTimeout(timer);
      off();
      resolve(store.getSnapshot());
    });
  });
}

/**
 * `jobdeck serve`: one store and its collectors for everyone, an SSH server in front.
 * SIGHUP reloads the access files (sessions keep running); SIGTERM/SIGINT end every
 * session with a goodbye line, wait for actions in flight, and exit 0.
 */
export async function runServe(config: ResolvedConfig, flags: ServeFlags): Promise<number> {
  const serve = config.serve;
  let listen = serve.listen;
  if (flags.listen !== undefined) {
    const parsed = listenSchema.safeParse(flags.listen);
    if (!parsed.success) {
      throw new ConfigError(`--listen ${flags.listen}: expected host:port, like 127.0.0.1:2222`);
    }
    listen = parsed.data;
  }
  const files = serve.access;
  if (files.viewers.length === 0 && files.operators.length === 0) {
    throw new ConfigError(
      'serve.access: no key files: set serve.access.viewers and/or serve.access.operators in jobdeck.yaml to authorized_keys files (see the README, jobdeck serve)',
    );
  }
  const access = new AccessList(files);
  for (const warning of access.reload()) log(`warning: ${warning}`);
  const hostKeyPath = flags.hostKey ?? serve.hostKey ?? join(stateDir(), 'serve_host_ed25519_key');
  const hostKey = loadOrCreateHostKey(hostKeyPath);

  const { store, actionsFor } = liveSession(config);
  let capacity: CapacityAdvice | null = null;
  let capacityAt = 0;
  const server = new JobdeckSshServer({
    hostKey: hostKey.privateKey,
    access,
    maxSessions: serve.maxSessions,
    idleMs: serve.idleTimeout,
    store,
    intervalMs: config.intervalMs,
    actionsFor,
    audit: new AuditLog(config.auditLog),
    thresholds: config.thresholds,
    exec: {
      snapshot: () => firstReading(store, 15_000),
      report: (snapshot) => {
        const now = Date.now();
        if (now - capacityAt > 60_000) {
          capacity = readCapacityAdvice(config);
          capacityAt = now;
        }
        return buildStatusReport(snapshot, now, capacity);
      },
    },
    log,
  });
  const controller = new AbortController();
  const collecting = store.start(controller.signal);
  const { host, port } = parseListen(listen);
  let bound: { host: string; port: number };
  try {
    bound = await server.listen(host, port);
  } catch (error) {
    controller.abort();
    await collecting;
    await store.close();
    throw new ConfigError(
      `serve.listen ${listen}: cannot listen (${errorLine(error)}); pick a free port with --listen`,
    );
  }
  const counts = access.counts();
  const where = bound.host.includes(':')
    ? `[${bound.host}]:${bound.port}`
    : `${bound.host}:${bound.port}`;
  log(
    `listening on ${where} · host key ${hostKey.fingerprint}${hostKey.created ? ` (new, in ${hostKeyPath})` : ''} · ${plural(counts.operators, 'operator key')}, ${plural(counts.viewers, 'viewer key')}${config.readOnly ? ' · read-only' : ''}`,
  );
  log(`connect with: ssh -p ${bound.port} ${bound.host}`);

  const reload = (): void => {
    try {
      const warnings = access.reload();
      for (const warning of warnings) log(`warning: ${warning}`);
      const now = access.counts();
      log(
        `SIGHUP: access files reloaded: ${plural(now.operators, 'operator key')}, ${plural(now.viewers, 'viewer key')}`,
      );
    } catch (error) {
      log(`SIGHUP: kept the previous keys: ${errorLine(error)}`);
    }
  };
  process.on('SIGHUP', reload);
  // `on`, not `once`: a `once` listener is gone by the time Ink's signal-exit hook looks
  // for other listeners, and that hook would then kill the process mid-goodbye.
  const stops: (() => void)[] = [];
  const signal = await new Promise<string>((resolve) => {
    for (const name of ['SIGTERM', 'SIGINT'] as const) {
      const stop = (): void => {
        resolve(name);
      };
      process.on(name, stop);
      stops.push(() => process.off(name, stop));
    }
  });
  process.off('SIGHUP', reload);
  log(`${signal}: closing ${plural(server.sessionCount, 'session')}`);
  await server.close(`jobdeck serve is stopping (${signal}); goodbye`);
  controller.abort();
  await collecting;
  await store.close();
  log('stopped');
  for (const off of stops) off();
  return 0;
}
