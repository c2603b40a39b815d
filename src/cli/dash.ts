import { render } from 'ink';
import { createElement } from 'react';
import type { Actor } from '../actions/action.js';
import type { AuditLog } from '../actions/audit-log.js';
import { thresholdsSchema, type Thresholds } from '../config/thresholds-schema.js';
import type { AppStore } from '../store/app-store.js';
import { ActionTracker } from '../ui/action-tracker.js';
import { App } from '../ui/App.js';
import type { DashboardActions } from '../ui/dashboard-actions.js';
import { FleetApp } from '../ui/FleetApp.js';
import { createTheme } from '../ui/theme.js';
import { terminalStyle } from '../ui/view-models/terminal-style.js';

/** One target's live session, as the dashboard shows it. */
interface DashboardTarget {
  readonly store: AppStore;
  /** Built by the caller; pass `{}` in read-only mode (no action key is bound then). */
  readonly actions: DashboardActions;
  readonly audit: AuditLog;
  /** The config's thresholds (memory, queue depth, failure rate); DESIGN.md defaults otherwise. */
  readonly thresholds?: Thresholds;
}

/**
 * One target's session (its dashboard, as always), or `targets`: several, named (a
 * config file's targets without `--target`), under the fleet overview, every store
 * collecting all the time.
 */
export type DashboardOptions = {
  readonly actor: Actor;
  /** `--ascii`: ASCII borders and charts (TERM=dumb implies it). */
  readonly ascii: boolean;
  /** False for `--no-color`; NO_COLOR and TERM=dumb are honoured here too. */
  readonly color: boolean;
} & (
  | DashboardTarget
  | {
      readonly targets: readonly [
        DashboardTarget & { readonly name: string },
        ...(DashboardTarget & { readonly name: string })[],
      ];
    }
);

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

/**
 * `jobdeck` / `jobdeck dash`: the full-screen dashboard in the alternate screen (the
 * fleet overview first with several targets). Starts every store's collectors at once
 * and resolves with the exit code when the user quits (0) or a signal ends it (128 +
 * the signal number). An action in flight is awaited, never cut off. The stores are
 * started here but not closed: their owner closes them.
 */
export async function runDashboard(options: DashboardOptions): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    process.stderr.write('jobdeck: no terminal: use `ssh -t` or `jobdeck status`\n');
    return 2;
  }
  const theme = createTheme(
    terminalStyle({ color: options.color, ascii: options.ascii }, process.env),
  );
  // One tracker for every target: quitting waits for an action started in any of them.
  const tracker = new ActionTracker();
  const controller = new AbortController();
  const defaults = thresholdsSchema.parse({});
  const targets = 'targets' in options ? options.targets : [options];
  const root =
    'targets' in options && options.targets.length > 1
      ? createElement(FleetApp, {
          targets: options.targets.map((t) => ({
            name: t.name,
            store: t.store,
            actions: t.actions,
            audit: t.audit,
            thresholds: t.thresholds ?? defaults,
          })),
          actor: options.actor,
          tracker,
          theme,
        })
      : createElement(App, {
          store: targets[0].store,
          actions: targets[0].actions,
          audit: targets[0].audit,
          actor: options.actor,
          tracker,
          theme,
          thresholds: targets[0].thresholds ?? defaults,
        });
  const instance = render(root, {
    alternateScreen: true,
    incrementalRendering: true,
    maxFps: 10,
    exitOnCtrlC: false,
    patchConsole: false,
  });
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
  // Each store resolves when the signal aborts; one that fails only fails its own
  // sources (its panels and its overview row say so), never the others.
  const collecting = Promise.allSettled(targets.map((t) => t.store.start(controller.signal)));
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
