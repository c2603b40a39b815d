/**
 * Integration suites use real PostgreSQL, Redis and Docker (STYLE.md habit 12). On a
 * developer machine a missing component skips its suite with a printed reason; in CI
 * (`CI=true`) it fails the run instead, because a silently skipped suite is a test
 * that never ran.
 *
 * Usage in a test file:
 *   const docker = await requireComponent('docker');
 *   if (!docker.available) console.warn(docker.reason);
 *   describe.skipIf(!docker.available)('…', () => { … });
 */
import { request } from 'node:http';
import { connect } from 'node:net';

export type ComponentName = 'postgres' | 'redis' | 'docker';

/** Where to look; every field has a default so tests can point at a closed port. */
export interface ComponentProbeOptions {
  host?: string;
  port?: number;
  /** Docker only: the engine's unix socket (default from DOCKER_HOST, else /var/run/docker.sock). */
  socketPath?: string;
  timeoutMs?: number;
  /** Whether a missing component is fatal; default `process.env.CI === 'true'`. */
  ci?: boolean;
}

const DEFAULT_PORTS: Record<Exclude<ComponentName, 'docker'>, number> = {
  postgres: 5432,
  redis: 6379,
};

const HOW_TO_START: Record<ComponentName, string> = {
  postgres:
    'start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` (bash .ci/run does this)',
  redis:
    'start it with `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""` (bash .ci/run does this)',
  docker: 'run `bash scripts/test-env.sh` to start dockerd and build the test image',
};

type DockerEndpoint = { socketPath: string } | { host: string; port: number } | { error: string };

function dockerEndpoint(options: ComponentProbeOptions): DockerEndpoint {
  if (options.socketPath !== undefined) return { socketPath: options.socketPath };
  if (options.port !== undefined) return { host: options.host ?? '127.0.0.1', port: options.port };
  const dockerHost = process.env.DOCKER_HOST;
  if (dockerHost === undefined || dockerHost === '') return { socketPath: '/var/run/docker.sock' };
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  const tcp = /^tcp:\/\/([^:/]+):(\d+)/.exec(dockerHost);
  if (tcp?.[1] !== undefined && tcp[2] !== undefined) return { host: tcp[1], port: Number(tcp[2]) };
  return {
    error: `DOCKER_HOST=${dockerHost} cannot be checked from tests (only unix:// and tcp://)`,
  };
}

function describeEndpoint(name: ComponentName, options: ComponentProbeOptions): string {
  if (name !== 'docker') {
    return `${options.host ?? '127.0.0.1'}:${options.port ?? DEFAULT_PORTS[name]}`;
  }
  const endpoint = dockerEndpoint(options);
  if ('socketPath' in endpoint) return endpoint.socketPath;
  if ('host' in endpoint) return `${endpoint.host}:${endpoint.port}`;
  return endpoint.error;
}

function tcpAnswers(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => {
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

/** `GET /_ping` answers 200 "OK" when the engine (not just its socket file) is up. */
function dockerPings(endpoint: DockerEndpoint, timeoutMs: number): Promise<boolean> {
  if ('error' in endpoint) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = request(
      { ...endpoint, path: '/_ping', method: 'GET', timeout: timeoutMs },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.once('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.once('error', () => {
      resolve(false);
    });
    req.end();
  });
}

/** Cheap check: a TCP connect for PostgreSQL and Redis, `GET /_ping` for Docker. */
export async function componentAvailable(
  name: ComponentName,
  options: ComponentProbeOptions = {},
): Promise<boolean> {
  const timeoutMs = options.timeoutMs ?? 1000;
  if (name === 'docker') return dockerPings(dockerEndpoint(options), timeoutMs);
  return tcpAnswers(options.host ?? '127.0.0.1', options.port ?? DEFAULT_PORTS[name], timeoutMs);
}

/**
 * `available: false` with a reason to print, or, in CI, an Error naming the missing
 * component and how to start it.
 */
export async function requireComponent(
  name: ComponentName,
  options: ComponentProbeOptions = {},
): Promise<{ available: boolean; reason: string }> {
  const where = describeEndpoint(name, options);
  if (await componentAvailable(name, options)) {
    return { available: true, reason: `${name} answers at ${where}` };
  }
  const reason = `${name} is not answering at ${where}: ${HOW_TO_START[name]}`;
  if (options.ci ?? process.env.CI === 'true') {
    throw new Error(`CI=true and a required component is missing: ${reason}`);
  }
  return { available: false, reason: `skipping: ${reason}` };
}
