import ssh2 from 'ssh2';
import type { AuthContext, Connection, ServerChannel, Session } from 'ssh2';
import { ActionGate } from '../actions/action-gate.js';
import type { Actor } from '../actions/action.js';
import type { AuditSink } from '../actions/audit-sink.js';
import type { Thresholds } from '../config/thresholds-schema.js';
import { errorLine } from '../shared/errors.js';
import type { DashboardActions } from '../ui/dashboard-actions.js';
import type { DashboardStore } from '../ui/dashboard-store.js';
import type { AccessList, Identity } from './access-list.js';
import type { TerminalSize } from './channel-terminal.js';
import { DashboardSession } from './dashboard-session.js';
import { runExec, streamWatchLines, type ExecSources } from './exec-session.js';
import { gateActions } from './gate-actions.js';
import { PtySession } from './pty-session.js';
import { SharedScreens } from './shared-screen.js';

export interface SshServerOptions {
  readonly hostKey: Buffer;
  readonly access: AccessList;
  readonly maxSessions: number;
  readonly idleMs: number;
  readonly store: Pick<DashboardStore, 'subscribe' | 'getSnapshot'>;
  readonly intervalMs: number;
  /** The actions of an operator, for this actor; `{}` when the config is read-only. */
  readonly actionsFor: (actor: Actor) => DashboardActions;
  readonly audit: AuditSink;
  readonly thresholds: Thresholds;
  readonly exec: ExecSources;
  /** One line per event worth a log line (logins, refusals, session ends). */
  readonly log: (line: string) => void;
}

/**
 * Connections that have said they speak SSH but not logged in yet, at most (as OpenSSH's
 * MaxStartups): one more is closed at once, so stalled logins cannot pile up. (ssh2 hands
 * us a connection only after the client's identification line.)
 */
const MAX_UNAUTHENTICATED = 10;
/** A connection that has not logged in after this long is closed (OpenSSH's LoginGraceTime). */
const LOGIN_GRACE_MS = 30_000;

/** ssh2 passes no accept function when the client wants no reply (window-change never does). */
function reply(accept: (() => void) | undefined): void {
  accept?.();
}

interface Live {
  readonly end: (goodbye: string) => void;
  readonly done: Promise<void>;
  readonly settled: () => Promise<void>;
}

/**
 * `jobdeck serve`'s SSH server: public keys only, roles from the access list, and per
 * session a dashboard (pty + shell), the watch lines (shell, no pty) or one read-only
 * command (exec) over the one shared store.
 */
export class JobdeckSshServer {
  private readonly server: ssh2.Server;
  private readonly gate = new ActionGate();
  private readonly sessions = new Set<Live>();
  private readonly connections = new Set<Connection>();
  private readonly screens: SharedScreens;
  private closing = false;
  private unauthenticated = 0;

  constructor(private readonly options: SshServerOptions) {
    this.screens = new SharedScreens({
      store: options.store,
      audit: options.audit,
      thresholds: options.thresholds,
    });
    this.server = new ssh2.Server(
      { hostKeys: [options.hostKey], ident: 'jobdeck' },
      (client, info) => {
        this.accept(client, info.ip);
      },
    );
  }

  /** Live sessions (dashboards, watch streams and running exec commands). */
  get sessionCount(): number {
    return this.sessions.size;
  }

  async listen(host: string, port: number): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    return typeof address === 'object' && address !== null
      ? { host: address.address, port: address.port }
      : { host, port };
  }

  /**
   * Stops accepting, ends every session with `goodbye`, waits for actions in flight to
   * finish (never cut off), then closes the connections.
   */
  async close(goodbye: string): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
    const sessions = [...this.sessions];
    for (const s of sessions) s.end(goodbye);
    await Promise.all(sessions.map((s) => s.done));
    await Promise.all(sessions.map((s) => s.settled()));
    for (const c of this.connections) c.end();
    await closed;
  }

  private accept(client: Connection, ip: string): void {
    if (this.unauthenticated >= MAX_UNAUTHENTICATED) {
      this.options.log(
        `refused a connection from ${ip}: ${String(MAX_UNAUTHENTICATED)} connections are already logging in`,
      );
      client.end();
      return;
    }
    this.unauthenticated += 1;
    let pending = true;
    const loggedInOrGone = (): void => {
      clearTimeout(grace);
      if (!pending) return;
      pending = false;
      this.unauthenticated -= 1;
    };
    const grace = setTimeout(() => {
      this.options.log(
        `connection from ${ip}: no login within ${String(LOGIN_GRACE_MS / 1000)} s; closed`,
      );
      client.end();
    }, LOGIN_GRACE_MS);
    grace.unref();
    this.connections.add(client);
    let identity: Identity | null = null;
    client.on('authentication', (ctx: AuthContext) => {
      // Set before accepting: ssh2 emits 'ready' from inside accept().
      this.authenticate(ctx, ip, (verified) => {
        identity = verified;
      });
    });
    client.on('ready', () => {
      loggedInOrGone();
      if (identity === null) {
        client.end();
        return;
      }
      const who = identity;
      this.options.log(`login: ${who.name} (${who.role}, ${who.fingerprint}) from ${ip}`);
      client.on('session', (acceptSession) => {
        this.session(acceptSession(), who, ip);
      });
    });
    client.on('error', (error: Error) => {
      this.options.log(`connection from ${ip}: ${errorLine(error)}`);
    });
    client.on('close', () => {
      loggedInOrGone();
      this.connections.delete(client);
    });
  }

  /** Accepts only a listed public key with a valid signature; refuses everything else alike. */
  private authenticate(ctx: AuthContext, ip: string, verified: (who: Identity) => void): void {
    if (ctx.method !== 'publickey') {
      if (ctx.method !== 'none') this.options.log(`refused ${ctx.method} login from ${ip}`);
      ctx.reject(['publickey']);
      return;
    }
    const identity = this.options.access.lookup(ctx.key.data);
    if (identity === null) {
      this.options.log(`refused an unknown ${ctx.key.algo} key from ${ip}`);
      ctx.reject(['publickey']);
      return;
    }
    // Without a signature the client only asks whether this key would do.
    if (ctx.signature === undefined || ctx.blob === undefined) {
      ctx.accept();
      return;
    }
    if (!this.options.access.verify(ctx.key.data, ctx.blob, ctx.signature, ctx.hashAlgo)) {
      this.options.log(`refused a bad signature for ${identity.name} from ${ip}`);
      ctx.reject(['publickey']);
      return;
    }
    verified(identity);
    ctx.accept();
  }

  private session(session: Session, who: Identity, ip: string): void {
    let pty: (TerminalSize & { term: string }) | null = null;
    let dashboard: PtySession | null = null;
    session.on('pty', (accept, _reject, info) => {
      pty = { columns: info.cols || 80, rows: info.rows || 24, term: info.term };
      reply(accept);
    });
    session.on('window-change', (accept, _reject, info) => {
      const size = { columns: info.cols || 80, rows: info.rows || 24 };
      if (pty !== null) pty = { ...pty, ...size };
      dashboard?.resize(size);
      reply(accept);
    });
    session.on('shell', (accept) => {
      const channel = accept();
      if (!this.admit(channel)) return;
      if (pty === null) {
        this.track(channel, () =>
          streamWatchLines(channel, this.options.store, this.options.intervalMs),
        );
        return;
      }
      dashboard = this.dashboard(channel, pty, who, ip);
    });
    session.on('exec', (accept, _reject, info) => {
      const channel = accept();
      if (!this.admit(channel)) return;
      const live: Live = {
        end: () => undefined,
        done: runExec(channel, info.command, this.options.exec).then(
          () => undefined,
          (error: unknown) => {
            channel.stderr.write(`jobdeck serve: ${errorLine(error)}\n`);
            channel.exit(1);
            channel.end();
          },
        ),
        settled: () => Promise.resolve(),
      };
      this.sessions.add(live);
      void live.done.finally(() => this.sessions.delete(live));
    });
  }

  /** False (and the channel told why) when the server is stopping or full. */
  private admit(channel: ServerChannel): boolean {
    const why = this.closing
      ? 'jobdeck serve is stopping; try again in a moment'
      : this.sessions.size >= this.options.maxSessions
        ? `jobdeck serve is full (${this.options.maxSessions} sessions, serve.maxSessions); try again later`
        : null;
    if (why === null) return true;
    channel.stderr.write(`${why}\r\n`);
    channel.exit(1);
    channel.end();
    return false;
  }

  private track(channel: ServerChannel, start: () => () => void): void {
    const stop = start();
    let finish = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const live: Live = {
      end: (goodbye) => {
        stop();
        if (channel.writable) {
          channel.write(`${goodbye}\n`);
          channel.exit(0);
          channel.end();
        }
        finish();
      },
      done,
      settled: () => Promise.resolve(),
    };
    channel.on('close', () => {
      stop();
      finish();
    });
    this.sessions.add(live);
    void done.finally(() => this.sessions.delete(live));
  }

  private dashboard(
    channel: ServerChannel,
    pty: TerminalSize & { term: string },
    who: Identity,
    ip: string,
  ): PtySession {
    const actor: Actor = { user: who.name, from: ip, via: 'serve', key: who.fingerprint };
    const operator = who.role === 'operator';
    const actions = operator
      ? gateActions(this.options.actionsFor(actor), this.gate, who.name)
      : {};
    const readOnly = !operator || Object.keys(actions).length === 0;
    const session = new PtySession({
      channel,
      size: pty,
      term: pty.term,
      readOnly,
      actions,
      screens: this.screens,
      idleMs: this.options.idleMs,
      own: (size) =>
        new DashboardSession({
          channel,
          size,
          term: pty.term,
          store: this.options.store,
          actions,
          readOnly,
          readOnlyReason: operator
            ? 'the server runs read-only (--read-only or readOnly in its config)'
            : `your key (${who.name}) is a viewer key`,
          actor,
          audit: this.options.audit,
          thresholds: this.options.thresholds,
          idleMs: this.options.idleMs,
        }),
    });
    const live: Live = {
      end: (goodbye) => {
        session.end(goodbye);
      },
      done: session.done,
      settled: () => session.settled(),
    };
    this.sessions.add(live);
    void session.done.finally(() => {
      this.sessions.delete(live);
      this.options.log(`session ended: ${who.name} from ${ip}`);
    });
    return session;
  }
}
