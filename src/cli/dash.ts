import { render } from 'ink';
import { createElement } from 'react';
import type { Actor } from '../actions/action.js';
import type { AuditLog } from '../actions/audit-log.js';
import { thresholdsSchema, type Thresholds } from '../config/thresholds-schema.js';
import type { AppStore } from '../store/app-store.js';
import { ActionTracker } from '../ui/action-tracker.js';
import { App } from '../ui/App.js';
import type { DashboardActions } from '../ui/dashboard-actions.js';
import { createTheme } from '../ui/theme.js';
import { terminalStyle } from '../ui/view-models/terminal-style.js';

export interface DashboardOptions {
  readonly store: AppStore;
  /** Built by the caller; pass `{}` in read-only mode (no action key is bound then). */
  readonly actions: DashboardActions;
  readonly audit: AuditLog;
  readonly actor: Actor;
  /** `--ascii`: ASCII borders and charts (TERM=dumb implies it). */
  readonly ascii: boolean;
  /** False for `--no-color`; NO_COLOR and TERM=dumb are honoured here too. */
  readonly color: boolean;
  /** The config's thresholds (memory, queue depth, failure rate); DESIGN.md defaults otherwise. */
  readonly thresholds?: Thresholds;
}

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

/**
 * `jobdeck` / `jobdeck dash`: the full-screen dashboard in the alternate screen. Starts
 * the store's collectors and resolves with the exit code when the user quits (0) or a
 * signal ends it (128 + the signal number). An action in flight is awaited, never cut
 * off. The store is started here but not closed: its owner closes it.
 */
export async function runDashboard(options: DashboardOptions): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    process.stderr.write('jobdeck: no terminal: use `ssh -t` or `jobdeck status`\n');
    return 2;
  }
  const theme = createTheme(
    terminalStyle({ color: options.color, ascii: options.ascii }, process.env),
  );
  const tracker = new ActionTracker();
  const controller = new AbortController();
  const instance = render(
    createElement(App, {
      store: options.store,
      actions: options.actions,
      audit: options.audit,
      actor: options.actor,
      tracker,
      theme,
      thresholds: options.thresholds ?? thresholdsSchema.parse({}),
    }),
    {
      alternateScreen: true,
      incrementalRendering: true,
      maxFps: 10,
      exitOnCtrlC: false,
      patchConsole: false,
    },
  );
  let exitCode = 0;
  const end = (code: number): void => {
    if (exitCode === 0) exitCode = code;
    tracker.close();
    // Leaves the alternate screen and shows the cursor.
    instance.unmount();
  };
  // Our own listeners: with them installed Ink's signal-exit hook stands aside, so the
  // process does not die before a running action has finished.
  const handlers = Object.entries(SIGNALS).map(([signal, number]) => {
    const handler = (): void => {
      end(128 + number);
    };
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  // A terminal that went away (SSH dropped, tmux killed) fails writes with EIO or EPIPE
  // as 'error' events; unhandled, they would kill the process in the middle of an action.
  // Treat them as a hang-up, and keep ignoring them: the terminal is not coming back.
  const terminalGone = (): void => {
    end(128 + SIGNALS.SIGHUP);
  };
  for (const stream of [process.stdout, process.stderr, process.stdin]) {
    stream.on('error', terminalGone);
  }
  const collecting = options.store.start(controller.signal);
  try {
    await instance.waitUntilExit();
  } finally {
    tracker.close();
    const running = tracker.getSnapshot();
    // After SIGHUP the terminal is gone: writing to it would only raise EIO.
    if (running.length > 0 && exitCode !== 128 + SIGNALS.SIGHUP) {
      process.stderr.write(`jobdeck: waiting for ${running.join(', ')} to finish…\n`);
    }
    await tracker.settled();
    controller.abort();
    await collecting;
    for (const off of handlers) off();
    if (exitCode !== 128 + SIGNALS.SIGHUP) {
      for (const stream of [process.stdout, process.stderr, process.stdin]) {
        stream.off('error', terminalGone);
      }
    }
  }
  return exitCode;
}
