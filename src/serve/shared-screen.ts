import type { Instance } from 'ink';
import { createElement } from 'react';
import type { AuditSink } from '../actions/audit-sink.js';
import type { Thresholds } from '../config/thresholds-schema.js';
import { ActionTracker } from '../ui/action-tracker.js';
import { App } from '../ui/App.js';
import type { DashboardActions } from '../ui/dashboard-actions.js';
import type { DashboardStore } from '../ui/dashboard-store.js';
import { TerminalInput, TerminalOutput, type TerminalSize } from './channel-terminal.js';
import { renderSession, sessionTheme } from './session-render.js';
import { SessionView } from './session-view.js';

/** What a shared screen needs of each session watching it. */
export interface ScreenMember {
  /** Writes terminal output to this session's client (LF → CRLF is the member's). */
  write(text: string): void;
  /** True while the client holds more unsent output than a frame or two. */
  readonly behind: boolean;
  /** The client fell behind: it leaves the screen (and gets one of its own). */
  fellBehind(): void;
}

/** Switch to the alternate screen, hide the cursor, cursor home, clear: a fresh screen. */
export const FRESH_SCREEN = '\u001B[?1049h\u001B[?25l\u001B[H\u001B[2J';

export interface SharedScreenOptions {
  readonly size: TerminalSize;
  /** The clients' TERM: `dumb` (or empty) means ASCII without colour. */
  readonly term: string;
  readonly readOnly: boolean;
  /**
   * The role's actions, for what the screen shows of them (the key hints). None of them
   * ever runs here: no key reaches a shared screen.
   */
  readonly actions: DashboardActions;
  readonly store: Pick<DashboardStore, 'subscribe' | 'getSnapshot'>;
  readonly audit: AuditSink;
  readonly thresholds: Thresholds;
}

/**
 * One dashboard render shown to every session that would draw exactly the same screen:
 * the same size, TERM, role and actions, and no key pressed yet (no focus moved, no dialog, no
 * pause). Each frame's bytes go to every member, so N people watching the default view
 * cost one render instead of N (the layout and output pass is most of a frame's CPU).
 * A member whose client falls behind is handed back to be served on its own. It never
 * receives keys: a session leaves before its first key reaches any dashboard.
 */
export class SharedScreen {
  private readonly members = new Set<ScreenMember>();
  private readonly view: SessionView;
  private readonly instance: Instance;
  private readonly input = new TerminalInput();
  private readonly element: () => ReturnType<typeof createElement>;
  private closed = false;

  constructor(options: SharedScreenOptions, first: ScreenMember) {
    this.members.add(first);
    this.view = new SessionView(options.store, {
      readOnly: options.readOnly,
      terminal: { behind: false, onDrain: () => () => undefined },
    });
    const props = {
      store: this.view,
      actions: options.actions,
      audit: options.audit,
      // Never acts: no key reaches a shared screen.
      actor: { user: 'shared screen', from: '', via: 'serve' as const },
      tracker: new ActionTracker(),
      theme: sessionTheme(options.term),
      thresholds: options.thresholds,
    };
    this.element = () => createElement(App, { ...props });
    const output = new TerminalOutput(options.size, (text) => {
      this.broadcast(text);
    });
    this.instance = renderSession(this.element(), { output, input: this.input });
  }

  get size(): number {
    return this.members.size;
  }

  /** A new member gets a fresh screen, then every member the next frame in full. */
  join(member: ScreenMember): void {
    this.members.add(member);
    member.write(FRESH_SCREEN);
    // Ink draws only what changed since its last frame, which the newcomer never saw:
    // forget that frame and render again, so the next one is complete.
    this.instance.clear();
    this.instance.rerender(this.element());
  }

  /** Removes a member; the screen's own render stops with its last member. */
  leave(member: ScreenMember): void {
    this.members.delete(member);
    if (this.members.size === 0) this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.instance.unmount();
    this.view.close();
    this.input.end();
  }

  private broadcast(text: string): void {
    for (const member of [...this.members]) {
      if (!member.behind) {
        member.write(text);
        continue;
      }
      // Not from inside Ink's write: leaving may end this screen's render.
      this.members.delete(member);
      queueMicrotask(() => {
        member.fellBehind();
      });
    }
  }
}

/** The shared screens of one server, by what makes two sessions' screens identical. */
export class SharedScreens {
  private readonly screens = new Map<string, SharedScreen>();

  constructor(
    private readonly base: Omit<SharedScreenOptions, 'size' | 'term' | 'readOnly' | 'actions'>,
  ) {}

  /** Screens rendering now (the tests read it). */
  get count(): number {
    return this.screens.size;
  }

  /**
   * Adds `member` to the screen for this size, TERM and role (started for it if there
   * is none). The returned function takes it off again.
   */
  join(
    look: Pick<SharedScreenOptions, 'size' | 'term' | 'readOnly' | 'actions'>,
    member: ScreenMember,
  ): () => void {
    const actions = Object.keys(look.actions).sort().join(',');
    const key = `${String(look.size.columns)}x${String(look.size.rows)} ${look.term} ${look.readOnly ? 'ro' : 'rw'} ${actions}`;
    let screen = this.screens.get(key);
    if (screen === undefined) {
      screen = new SharedScreen({ ...this.base, ...look }, member);
      this.screens.set(key, screen);
    } else {
      screen.join(member);
    }
    const joined = screen;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      joined.leave(member);
      if (joined.size === 0 && this.screens.get(key) === joined) this.screens.delete(key);
    };
  }
}
