import type { Instance } from 'ink';
import { createElement } from 'react';
import type { Actor } from '../actions/action.js';
import type { AuditSink } from '../actions/audit-sink.js';
import type { Thresholds } from '../config/thresholds-schema.js';
import { ActionTracker } from '../ui/action-tracker.js';
import { App } from '../ui/App.js';
import type { DashboardActions } from '../ui/dashboard-actions.js';
import type { DashboardStore } from '../ui/dashboard-store.js';
import { ChannelTerminal, type TerminalSize } from './channel-terminal.js';
import type { SessionChannel } from './session-channel.js';
import { renderSession, sessionTheme } from './session-render.js';
import { SessionView } from './session-view.js';

/** The last line of a session closed for idling. */
export function idleGoodbye(idleMs: number): string {
  const minutes = Math.round(idleMs / 60_000);
  return `jobdeck serve: no key pressed for ${minutes > 0 ? `${String(minutes)} min` : `${String(idleMs / 1000)} s`} (serve.idleTimeout); closing the session`;
}

export interface DashboardSessionOptions {
  readonly channel: SessionChannel;
  readonly size: TerminalSize;
  /** The client's TERM (from pty-req): `dumb` means ASCII without colour. */
  readonly term: string;
  readonly store: Pick<DashboardStore, 'subscribe' | 'getSnapshot'>;
  /** Empty for a viewer: no action key is bound. */
  readonly actions: DashboardActions;
  readonly readOnly: boolean;
  readonly readOnlyReason: string;
  readonly actor: Actor;
  readonly audit: AuditSink;
  readonly thresholds: Thresholds;
  /** No key for this long closes the session (0: never). */
  readonly idleMs: number;
}

/**
 * One person's dashboard over one SSH channel: its own Ink render, size, focus,
 * selection and dialogs, over the server's shared store. Ends when the person quits,
 * the channel closes (a pending confirmation is declined; an action already running
 * finishes), the session idles out, or the server stops.
 */
export class DashboardSession {
  readonly tracker = new ActionTracker();
  readonly terminal: ChannelTerminal;
  private readonly view: SessionView;
  private readonly instance: Instance;
  private idleTimer: NodeJS.Timeout | undefined;
  private goodbye: string | null = null;
  private readonly ended: Promise<void>;

  constructor(private readonly options: DashboardSessionOptions) {
    const { channel } = options;
    this.terminal = new ChannelTerminal(channel, options.size, () => {
      this.end('jobdeck serve: this connection is too slow to keep up; closing it');
    });
    this.view = new SessionView(options.store, {
      readOnly: options.readOnly,
      terminal: this.terminal,
    });
    this.instance = renderSession(
      createElement(App, {
        store: this.view,
        actions: options.readOnly ? {} : options.actions,
        audit: options.audit,
        actor: options.actor,
        tracker: this.tracker,
        theme: sessionTheme(options.term),
        thresholds: options.thresholds,
        readOnlyReason: options.readOnlyReason,
      }),
      this.terminal,
    );
    channel.on('data', () => {
      this.touch();
    });
    channel.on('close', () => {
      this.end(null);
    });
    this.touch();
    this.ended = this.instance.waitUntilExit().then(
      () => undefined,
      () => undefined,
    );
    void this.ended.then(() => {
      this.finish();
    });
  }

  /** Resolves when the dashboard is gone from the channel (actions may still run). */
  get done(): Promise<void> {
    return this.ended;
  }

  resize(size: TerminalSize): void {
    this.terminal.resize(size);
  }

  /**
   * Ends the session: pending confirmations are declined, the screen restored, and
   * `goodbye` (if any) is the last line the person sees.
   */
  end(goodbye: string | null): void {
    if (goodbye !== null && this.goodbye === null) this.goodbye = goodbye;
    this.tracker.close();
    this.instance.unmount();
  }

  private touch(): void {
    if (this.options.idleMs <= 0) return;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.end(idleGoodbye(this.options.idleMs));
    }, this.options.idleMs);
    this.idleTimer.unref();
  }

  private finish(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.tracker.close();
    this.view.close();
    const { channel } = this.options;
    if (this.goodbye !== null) this.terminal.write(`${this.goodbye}\n`);
    this.terminal.close();
    if (channel.writable) {
      channel.exit(0);
      channel.end();
    }
  }
}
