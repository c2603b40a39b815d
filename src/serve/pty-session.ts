import type { DashboardActions } from '../ui/dashboard-actions.js';
import { BEHIND_BYTES, toCrlf, type TerminalSize } from './channel-terminal.js';
import { idleGoodbye, type DashboardSession } from './dashboard-session.js';
import type { SessionChannel } from './session-channel.js';
import type { ScreenMember, SharedScreens } from './shared-screen.js';

/** Leave the alternate screen and show the cursor: what Ink's own unmount writes. */
const RESTORE_SCREEN = '\u001B[?1049l\u001B[?25h';
/** Cursor home and clear: a dashboard of its own draws from the top. */
const CLEAR_SCREEN = '\u001B[H\u001B[2J';

export interface PtySessionOptions {
  readonly channel: SessionChannel;
  readonly size: TerminalSize;
  readonly term: string;
  readonly readOnly: boolean;
  /** This person's actions: the shared screen shows their keys, the own dashboard runs them. */
  readonly actions: DashboardActions;
  readonly screens: SharedScreens;
  /** Starts this person's own dashboard on the channel. */
  readonly own: (size: TerminalSize) => DashboardSession;
  /** No key for this long closes the session (0: never). */
  readonly idleMs: number;
}

/**
 * A dashboard session over SSH. It starts on the shared screen of everyone with the same
 * size, TERM and role; the first key, a resize or a client that falls behind gives it a
 * dashboard of its own (its own focus, dialogs and pause), with that key as its first
 * input. What the person sees does not change at the switch: the shared screen is the
 * dashboard with no key pressed.
 */
export class PtySession implements ScreenMember {
  private leaveScreen: (() => void) | null;
  private dashboard: DashboardSession | null = null;
  private size: TerminalSize;
  private idleTimer: NodeJS.Timeout | undefined;
  private finish: () => void = () => undefined;
  private ended = false;
  /** Resolves when the session is gone from the channel (actions may still run). */
  readonly done: Promise<void>;

  constructor(private readonly options: PtySessionOptions) {
    const { channel } = options;
    this.size = options.size;
    this.done = new Promise<void>((resolve) => {
      this.finish = resolve;
    });
    this.leaveScreen = options.screens.join(
      {
        size: options.size,
        term: options.term,
        readOnly: options.readOnly,
        actions: options.readOnly ? {} : options.actions,
      },
      this,
    );
    channel.on('data', this.onData);
    channel.on('close', this.onClose);
    if (options.idleMs > 0) {
      this.idleTimer = setTimeout(() => {
        this.end(idleGoodbye(options.idleMs));
      }, options.idleMs);
      this.idleTimer.unref();
    }
  }

  /** On its own dashboard (after a key, a resize or falling behind). */
  get own(): boolean {
    return this.dashboard !== null;
  }

  get behind(): boolean {
    return this.options.channel.writableLength > BEHIND_BYTES;
  }

  write(text: string): void {
    if (this.options.channel.writable) this.options.channel.write(toCrlf(text));
  }

  fellBehind(): void {
    this.split(null);
  }

  resize(size: TerminalSize): void {
    this.size = size;
    if (this.dashboard !== null) this.dashboard.resize(size);
    else this.split(null);
  }

  /** Actions this session started, settled (none while it is on the shared screen). */
  settled(): Promise<void> {
    return this.dashboard?.tracker.settled() ?? Promise.resolve();
  }

  /** Ends the session with `goodbye` as the last line the person sees. */
  end(goodbye: string): void {
    if (this.dashboard !== null) {
      this.dashboard.end(goodbye);
      return;
    }
    if (this.ended) return;
    this.stopSharing();
    this.write(`${RESTORE_SCREEN}${goodbye}\n`);
    const { channel } = this.options;
    if (channel.writable) {
      channel.exit(0);
      channel.end();
    }
    this.close();
  }

  private readonly onData = (data: Buffer): void => {
    this.split(data);
  };

  private readonly onClose = (): void => {
    if (this.dashboard === null) this.close();
  };

  private split(input: Buffer | null): void {
    if (this.dashboard !== null || this.ended) return;
    this.stopSharing();
    this.write(CLEAR_SCREEN);
    const dashboard = this.options.own(this.size);
    this.dashboard = dashboard;
    // The key that made the switch was read here, before the dashboard listened.
    if (input !== null) dashboard.terminal.input.write(input);
    void dashboard.done.then(() => {
      this.close();
    });
  }

  private stopSharing(): void {
    this.options.channel.off('data', this.onData);
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.leaveScreen?.();
    this.leaveScreen = null;
  }

  private close(): void {
    if (this.ended) return;
    this.ended = true;
    this.stopSharing();
    this.options.channel.off('close', this.onClose);
    this.finish();
  }
}
