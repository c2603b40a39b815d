import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Client, ConnectConfig } from 'ssh2';
import { SourceUnreachableError, type JobdeckError } from '../../../shared/errors.js';
import { keyFingerprint } from '../../../shared/key-fingerprint.js';
import { keyTypeOf, knownHostName, parseKnownHosts, verifyHostKey } from './known-hosts.js';

/** Where to log in and how; paths already expanded. */
export interface SshDestination {
  readonly host: string;
  readonly port: number;
  /** Null: the local user's name, as ssh does. */
  readonly username: string | null;
  /** A private key file; null: ssh-agent, else the first of ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
  readonly identityFile: string | null;
  /** Files checked for the host key, in order (~/.ssh/known_hosts, /etc/ssh/ssh_known_hosts). */
  readonly knownHosts: readonly string[];
  /** The engine's socket on the host; null: the remote `DOCKER_HOST` if unix://, else /var/run/docker.sock. */
  readonly socket: string | null;
  readonly connectTimeoutMs: number;
  /** `SSH_AUTH_SOCK`. */
  readonly agentSocket: string | undefined;
}

const BACKOFF_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
// Once no channel is open (a one-shot `status`, a stopped dashboard) the connection is
// closed after this long, so the process can exit; a collector's event stream keeps its
// channel open and with it the connection.
const IDLE_CLOSE_MS = 300;
const KEEPALIVE_MS = 10_000;
const KEEPALIVE_COUNT = 3;
const DEFAULT_SOCKET = '/var/run/docker.sock';
const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

type State =
  | { readonly kind: 'closed' }
  | { readonly kind: 'connecting'; readonly ready: Promise<Ready> }
  | { readonly kind: 'ready'; readonly ready: Ready }
  | { readonly kind: 'failed'; readonly error: JobdeckError; readonly retryAt: number };

interface Ready {
  readonly client: Client;
  readonly socket: string;
}

/**
 * One SSH connection to a Docker host, shared by every request and stream of that host:
 * each HTTP connection is a `direct-streamlocal` channel to the engine's unix socket (what
 * `ssh -L` does), so 1 events stream + 30 stats streams + list/inspect/logs are 1 TCP
 * connection and no process on the host. Docker's own `dial-stdio` would start a docker
 * CLI per channel and hit sshd's MaxSessions (10) at the 11th stream.
 *
 * The host key is checked against known_hosts (re-read at every connection, so adding a
 * key needs no restart); unknown or changed keys are refused with the fingerprint. A lost
 * connection is re-established on the next request; failed attempts back off 1 s → 30 s.
 */
export class SshConnection {
  private state: State = { kind: 'closed' };
  private failures = 0;
  private channels = 0;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(readonly destination: SshDestination) {}

  get label(): string {
    const { host, port } = this.destination;
    return `ssh://${this.user}@${host}${port === 22 ? '' : `:${port}`}`;
  }

  private get user(): string {
    return this.destination.username ?? userInfo().username;
  }

  /** A byte stream to the engine's socket (one HTTP connection). */
  async openChannel(): Promise<Duplex> {
    this.channels++;
    this.cancelIdle();
    try {
      const ready = await this.ready();
      const channel = await new Promise<Duplex>((resolve, reject) => {
        ready.client.openssh_forwardOutStreamLocal(ready.socket, (error, stream) => {
          if (error === undefined) resolve(stream);
          else reject(this.channelError(error, ready.socket));
        });
      });
      channel.once('close', () => {
        this.release();
      });
      return channel;
    } catch (error) {
      this.release();
      throw error;
    }
  }

  /** Closes the connection now (tests, shutdown); the next request reconnects. */
  close(): void {
    this.cancelIdle();
    if (this.state.kind === 'ready') this.state.ready.client.end();
    this.state = { kind: 'closed' };
  }

  private release(): void {
    this.channels = Math.max(0, this.channels - 1);
    if (this.channels > 0 || this.state.kind !== 'ready') return;
    this.cancelIdle();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.channels === 0) this.close();
    }, IDLE_CLOSE_MS);
  }

  private cancelIdle(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private ready(): Promise<Ready> {
    const state = this.state;
    switch (state.kind) {
      case 'ready':
        return Promise.resolve(state.ready);
      case 'connecting':
        return state.ready;
      case 'failed': {
        const wait = state.retryAt - Date.now();
        if (wait > 0) {
          return Promise.reject(
            new SourceUnreachableError(
              `${state.error.message} (next attempt in ${Math.ceil(wait / 1000)} s)`,
              { cause: state.error },
            ),
          );
        }
        break;
      }
      case 'closed':
        break;
    }
    const ready = this.connect().then(
      (value) => {
        this.failures = 0;
        // close() while connecting: keep nothing open behind the caller's back.
        if (this.state.kind === 'connecting' && this.state.ready === ready) {
          this.state = { kind: 'ready', ready: value };
        } else {
          value.client.end();
        }
        return value;
      },
      (error: unknown) => {
        const jobdeck = this.connectError(error);
        this.failures++;
        const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_MS * 2 ** (this.failures - 1));
        this.state = { kind: 'failed', error: jobdeck, retryAt: Date.now() + backoff };
        throw jobdeck;
      },
    );
    this.state = { kind: 'connecting', ready };
    return ready;
  }

  private hostKeyError: JobdeckError | null = null;

  private async connect(): Promise<Ready> {
    // ssh2 (and its WebAssembly ciphers) loads only for ssh:// endpoints (issue 14).
    const { default: ssh2 } = await import('ssh2');
    const client = new ssh2.Client();
    this.hostKeyError = null;
    const config = this.connectConfig();
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => {
        client.removeListener('ready', onReady);
        client.end();
        reject(this.hostKeyError ?? error);
      };
      const onReady = (): void => {
        client.removeListener('error', onError);
        resolve();
      };
      client.once('ready', onReady);
      client.once('error', onError);
      client.connect(config);
      // Small request/response exchanges: without this, Nagle and delayed ACKs add ~40 ms
      // to every channel open and request (measured 90 ms per request on loopback).
      client.setNoDelay(true);
    });
    client.on('error', () => undefined);
    client.once('close', () => {
      if (this.state.kind === 'ready' && this.state.ready.client === client) {
        this.cancelIdle();
        this.state = { kind: 'closed' };
      }
    });
    const socket = this.destination.socket ?? (await remoteDockerSocket(client));
    return { client, socket };
  }

  private connectConfig(): ConnectConfig {
    const { host, port, connectTimeoutMs, agentSocket } = this.destination;
    const privateKey = this.privateKey();
    return {
      host,
      port,
      username: this.user,
      readyTimeout: connectTimeoutMs,
      keepaliveInterval: KEEPALIVE_MS,
      keepaliveCountMax: KEEPALIVE_COUNT,
      ...(agentSocket === undefined || agentSocket === '' ? {} : { agent: agentSocket }),
      ...(privateKey === null ? {} : { privateKey }),
      hostVerifier: (key: Buffer): boolean => this.verify(key),
    };
  }

  private privateKey(): Buffer | null {
    const { identityFile, agentSocket } = this.destination;
    if (identityFile !== null) {
      try {
        return readFileSync(identityFile);
      } catch (error) {
        throw new SourceUnreachableError(
          `cannot read the SSH key ${identityFile} (docker.ssh.identityFile): check the path and its permissions`,
          { cause: error },
        );
      }
    }
    // With an agent, its keys are enough (and an encrypted default key would only fail).
    if (agentSocket !== undefined && agentSocket !== '') return null;
    for (const name of DEFAULT_KEYS) {
      const path = join(homedir(), '.ssh', name);
      if (existsSync(path)) return readFileSync(path);
    }
    return null;
  }

  private verify(key: Buffer): boolean {
    const { host, port, knownHosts } = this.destination;
    const entries = knownHosts.flatMap((file) =>
      existsSync(file) ? parseKnownHosts(readFileSync(file, 'utf8')) : [],
    );
    const verdict = verifyHostKey(entries, host, port, key);
    if (verdict.kind === 'known') return true;
    const name = knownHostName(host, port);
    const what = `${keyTypeOf(key)} key ${keyFingerprint(key)}`;
    const files = knownHosts.join(', ');
    switch (verdict.kind) {
      case 'unknown':
        this.hostKeyError = new SourceUnreachableError(
          `ssh ${name}: host key not in known_hosts (${what}); check the fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then add it: ssh-keyscan -p ${port} ${host} >> ~/.ssh/known_hosts`,
        );
        break;
      case 'changed':
        this.hostKeyError = new SourceUnreachableError(
          `ssh ${name}: HOST KEY CHANGED (now ${what}, known_hosts has another): the host was reinstalled or someone is intercepting; check, then ssh-keygen -R '${name}' and add the new key`,
        );
        break;
      case 'revoked':
        this.hostKeyError = new SourceUnreachableError(
          `ssh ${name}: the host presented a revoked key (${what}, @revoked in ${files}): refusing to connect`,
        );
        break;
    }
    return false;
  }

  private connectError(error: unknown): JobdeckError {
    if (error instanceof SourceUnreachableError) return error;
    const { host, port } = this.destination;
    const where = `${host}:${port}`;
    const fields = (typeof error === 'object' && error !== null ? error : {}) as {
      level?: unknown;
      code?: unknown;
      message?: unknown;
    };
    const message = typeof fields.message === 'string' ? fields.message : String(error);
    if (fields.level === 'client-authentication') {
      return new SourceUnreachableError(
        `ssh ${this.user}@${where}: no key was accepted: load one into ssh-agent (SSH_AUTH_SOCK) or set docker.ssh.identityFile, and add it to the user's authorized_keys`,
        { cause: error },
      );
    }
    if (/Encrypted private|passphrase/i.test(message)) {
      return new SourceUnreachableError(
        `ssh ${where}: the key is protected by a passphrase: add it to ssh-agent (ssh-add) and set SSH_AUTH_SOCK`,
        { cause: error },
      );
    }
    if (fields.code === 'ECONNREFUSED') {
      return new SourceUnreachableError(
        `ssh ${where}: connection refused: is sshd running there, on port ${port}?`,
        { cause: error },
      );
    }
    if (fields.level === 'client-timeout' || /Timed out/i.test(message)) {
      return new SourceUnreachableError(
        `ssh ${where}: no answer within ${this.destination.connectTimeoutMs} ms: check the host, the port and any firewall`,
        { cause: error },
      );
    }
    if (fields.code === 'ENOTFOUND' || fields.code === 'EAI_AGAIN') {
      return new SourceUnreachableError(`ssh ${where}: unknown host name: check docker.host`, {
        cause: error,
      });
    }
    return new SourceUnreachableError(`ssh ${where}: ${message}`, { cause: error });
  }

  private channelError(error: Error, socket: string): JobdeckError {
    const reason = (error as { reason?: unknown }).reason;
    const where = `${this.destination.host}:${this.destination.port}`;
    if (reason === 1) {
      return new SourceUnreachableError(
        `sshd at ${where} does not forward to unix sockets: set AllowStreamLocalForwarding yes in its sshd_config`,
        { cause: error },
      );
    }
    return new SourceUnreachableError(
      `sshd at ${where} could not open the Docker socket ${socket}: is Docker running there, and is ${this.user} in the docker group? (docker.ssh.socket names another socket)`,
      { cause: error },
    );
  }
}

/**
 * The engine's socket as the remote user's shell sees it: `DOCKER_HOST` when it is a
 * unix:// URL (our test hosts, rootless Docker), else the standard socket.
 */
async function remoteDockerSocket(client: Client): Promise<string> {
  const output = await new Promise<string>((resolve) => {
    client.exec('printf "%s" "$DOCKER_HOST"', (error, stream) => {
      if (error !== undefined) {
        resolve('');
        return;
      }
      let text = '';
      const timer = setTimeout(() => {
        stream.close();
        resolve('');
      }, 5_000);
      stream.on('data', (chunk: Buffer) => {
        if (text.length < 4096) text += chunk.toString('utf8');
      });
      stream.stderr.resume();
      stream.once('close', () => {
        clearTimeout(timer);
        resolve(text);
      });
    });
  });
  const value = output.trim();
  return value.startsWith('unix://') ? value.slice('unix://'.length) : DEFAULT_SOCKET;
}
