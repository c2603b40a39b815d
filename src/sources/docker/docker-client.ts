import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Agent as HttpsAgent, AgentOptions as HttpsAgentOptions } from 'node:https';
import { homedir } from 'node:os';
import { inspect } from 'node:util';
import { join } from 'node:path';
import Modem from 'docker-modem';
import { ActionRefusedError, ConfigError, type JobdeckError } from '../../shared/errors.js';
import { lazyHttps } from '../../shared/lazy-https.js';
import type { DockerEndpoint, DockerTls } from './docker-endpoint-types.js';
import { dockerEndpointLabel } from './docker-endpoint-label.js';
import { sshConnectionFor } from './ssh/ssh-connection-for.js';
import type { SshConnection } from './ssh/ssh-connection.js';
import { SshDockerAgent } from './ssh/ssh-docker-agent.js';
import { toDockerError } from './to-docker-error.js';

type DialOptions = Modem.DialOptions;
type Query = Readonly<Record<string, string | number | boolean>>;
type DialCallback = NonNullable<Parameters<Modem['dial']>[1]>;

export interface DockerClientOptions {
  /** Refuse every request that is not GET/HEAD, at the HTTP layer. */
  readonly readOnly: boolean;
  /** Environment for ssh-agent (`SSH_AUTH_SOCK`); default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `docker.ssh` for ssh:// endpoints. */
  readonly ssh?: DockerSshSettings;
}

/** The `docker.ssh` settings, as written (`~` not yet expanded). */
export interface DockerSshSettings {
  readonly identityFile?: string | undefined;
  readonly knownHosts?: string | readonly string[] | undefined;
  readonly socket?: string | undefined;
  readonly connectTimeout?: number | undefined;
}

function expandHome(path: string): string {
  return path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}

function sshConnection(
  endpoint: Extract<DockerEndpoint, { kind: 'ssh' }>,
  settings: DockerSshSettings,
  env: Readonly<Record<string, string | undefined>>,
): SshConnection {
  const knownHosts =
    settings.knownHosts === undefined
      ? [join(homedir(), '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts']
      : (typeof settings.knownHosts === 'string' ? [settings.knownHosts] : settings.knownHosts).map(
          expandHome,
        );
  return sshConnectionFor({
    host: endpoint.host,
    port: endpoint.port,
    username: endpoint.username,
    identityFile: settings.identityFile === undefined ? null : expandHome(settings.identityFile),
    knownHosts,
    socket: settings.socket ?? null,
    connectTimeoutMs: settings.connectTimeout ?? 10_000,
    agentSocket: env.SSH_AUTH_SOCK,
  });
}

// docker-modem reads these from process.env in its constructor and lets them override a
// socket we pass (a tcp DOCKER_HOST wins over `socketPath`). The endpoint has already
// taken them into account, so the modem must not see them. DOCKER_CLIENT_TIMEOUT would
// also put an idle timeout on the event and stats streams, which are silent for long.
const MODEM_ENV = [
  'DOCKER_HOST',
  'DOCKER_TLS_VERIFY',
  'DOCKER_CERT_PATH',
  'DOCKER_CLIENT_TIMEOUT',
  'DOCKER_PATH_PREFIX',
] as const;

function withoutModemEnv<T>(build: () => T): T {
  const saved = new Map<string, string>();
  for (const key of MODEM_ENV) {
    const value = process.env[key];
    if (value !== undefined) saved.set(key, value);
    Reflect.deleteProperty(process.env, key);
  }
  try {
    return build();
  } finally {
    for (const [key, value] of saved) process.env[key] = value;
  }
}

function readPem(path: string, what: string, required: boolean): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    if (!required && (error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new ConfigError(
      `cannot read the TLS ${what} ${path}: check DOCKER_CERT_PATH (it must hold ca.pem, cert.pem, key.pem)`,
      { cause: error },
    );
  }
}

type ModemOptions = Modem.ConstructorOptions;

/**
 * An https agent that is short in docker-modem's eager `util.inspect` of every request
 * (see SshDockerAgent). node:https loads only here, for a TLS endpoint.
 */
function tlsAgent(options: HttpsAgentOptions): HttpsAgent {
  class TlsAgent extends lazyHttps().Agent {
    [inspect.custom](): string {
      return 'TlsAgent';
    }
  }
  return new TlsAgent(options);
}

function tlsOptions(tls: DockerTls): ModemOptions {
  const ca = readPem(tls.ca, 'CA certificate', tls.verify);
  const cert = readPem(tls.cert, 'client certificate', false);
  const key = readPem(tls.key, 'client key', cert !== undefined);
  // docker-modem has no switch for "do not verify"; an agent's options win over the
  // request's, so the agent carries rejectUnauthorized.
  const agent = tlsAgent({ ca, cert, key, rejectUnauthorized: tls.verify });
  return { protocol: 'https', ca, cert, key, agent };
}

function modemOptions(endpoint: DockerEndpoint, ssh: SshConnection | null): ModemOptions {
  // Every key is set (undefined included): docker-modem merges our options over its
  // own defaults with Object.assign.
  const none = { socketPath: undefined, host: undefined, port: undefined, protocol: undefined };
  switch (endpoint.kind) {
    case 'unix':
      return { ...none, socketPath: endpoint.socketPath };
    case 'tcp':
      return {
        ...none,
        host: endpoint.host,
        port: endpoint.port,
        ...(endpoint.tls === null ? { protocol: 'http' as const } : tlsOptions(endpoint.tls)),
      };
    case 'ssh':
      // Plain HTTP over our agent's SSH channels; the host and port only fill the Host header.
      return {
        ...none,
        protocol: 'http',
        host: endpoint.host,
        port: endpoint.port,
        ...(ssh === null ? {} : { agent: new SshDockerAgent(ssh) }),
      };
  }
}

/**
 * docker-modem (the HTTP layer of dockerode, without dockerode's gRPC/BuildKit stack:
 * ~20 packages fewer in every process) behind two guarantees: in read-only mode every request other than GET/HEAD
 * is refused before it leaves the process (one choke point, `modem.dial`, so no method
 * can slip past), and every failure arrives as a JobdeckError with one actionable line.
 */
export class DockerClient {
  readonly modem: Modem;
  readonly label: string;
  /** The shared SSH connection of an ssh:// endpoint, else null. */
  readonly ssh: SshConnection | null;

  constructor(
    readonly endpoint: DockerEndpoint,
    readonly options: DockerClientOptions,
  ) {
    this.label = dockerEndpointLabel(endpoint);
    this.ssh =
      endpoint.kind === 'ssh'
        ? sshConnection(endpoint, options.ssh ?? {}, options.env ?? process.env)
        : null;
    const opts = modemOptions(endpoint, this.ssh);
    const modem = withoutModemEnv(() => new Modem(opts));
    this.modem = modem;
    const dial = modem.dial.bind(modem);
    modem.dial = (dialOptions: DialOptions, callback?: DialCallback): void => {
      const method = (dialOptions.method ?? 'GET').toUpperCase();
      if (this.readOnly && method !== 'GET' && method !== 'HEAD') {
        const path = dialOptions.path.replace(/\?$/, '');
        const refused = new ActionRefusedError(
          `read-only mode: refused ${method} ${path} (restarts and other changes are disabled; run without --read-only to allow them)`,
        );
        // Callbacks are always asynchronous, as they are for a real request.
        queueMicrotask(() => callback?.(refused, null));
        return;
      }
      dial(dialOptions, (error, result) => {
        callback?.(error === null ? null : toDockerError(error, this.endpoint), result);
      });
    };
  }

  get readOnly(): boolean {
    return this.options.readOnly;
  }

  /** Any thrown value → the one-line JobdeckError for this endpoint. */
  error(value: unknown): JobdeckError {
    return toDockerError(value, this.endpoint);
  }

  /** A GET of a JSON document (list, inspect, info): the parsed body, to be validated. */
  get(path: string, query: Query, signal?: AbortSignal): Promise<unknown> {
    return this.request(
      { path, method: 'GET', options: { ...query } },
      { 200: true, 404: 'no such container', 500: 'server error' },
      signal,
    );
  }

  /** A POST that changes something (restart): refused in read-only mode at `dial`. */
  post(path: string, query: Query, signal?: AbortSignal): Promise<unknown> {
    // 200 is unofficial, but proxies return it.
    return this.request(
      { path, method: 'POST', options: { ...query } },
      { 200: true, 204: true, 404: 'no such container', 500: 'server error' },
      signal,
    );
  }

  /** A POST with a JSON body (a Swarm service update): refused in read-only mode at `dial`. */
  postJson(path: string, query: Query, body: unknown, signal?: AbortSignal): Promise<unknown> {
    // docker-modem: `_query` goes in the URL, `_body` is sent as JSON.
    return this.request(
      { path, method: 'POST', options: { _query: { ...query }, _body: body } },
      { 200: true, 404: 'no such service', 500: 'server error', 503: 'not a manager' },
      signal,
    );
  }

  /**
   * A GET whose body is a stream (events, stats, logs), as the raw response. The body of
   * a streaming endpoint never "ends" on its own, so dockerode's buffered helpers do not fit.
   */
  stream(path: string, query: Query, signal?: AbortSignal): Promise<IncomingMessage> {
    return this.request(
      { path, method: 'GET', options: { ...query }, isStream: true },
      { 200: true, 404: 'no such container', 500: 'server error' },
      signal,
    ) as Promise<IncomingMessage>;
  }

  private request(
    call: { path: string; method: 'GET' | 'POST'; options: object; isStream?: boolean },
    statusCodes: Readonly<Record<number, true | string>>,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.modem.dial(
        {
          ...call,
          path: `${call.path}?`,
          statusCodes: { ...statusCodes },
          ...(signal === undefined ? {} : { abortSignal: signal }),
        },
        (error, result) => {
          if (error !== null) reject(error);
          else resolve(result);
        },
      );
    });
  }
}
