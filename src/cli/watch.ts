import { render } from 'ink';
import { createElement } from 'react';
import { verdictExitCode } from '../store/readiness-verdict.js';
import type { AppStore } from '../store/app-store.js';
import { WatchScreen } from '../ui/screens/WatchScreen.js';
import { createTheme } from '../ui/theme.js';
import { watchFrame } from '../ui/screens/watch-frame.js';
import { terminalStyle } from '../ui/view-models/terminal-style.js';

export interface WatchOptions {
  readonly store: AppStore;
  /** False for `--no-color`; NO_COLOR and TERM=dumb are honoured too. */
  readonly color: boolean;
  readonly ascii: boolean;
  /** `--once`: print one frame and exit with the status code (0/1/2). */
  readonly once?: boolean;
}

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

/**
 * `jobdeck watch`: the compact panel (7 lines) updated in place below the prompt, for a
 * tmux pane; no alternate screen. Ctrl-C ends it with 0 (SIGTERM/SIGHUP: 128 + n).
 * With `once`, or when stdout is not a terminal, one frame is printed and the exit code
 * is the verdict's, like `jobdeck status`.
 */
export async function runWatch(options: WatchOptions): Promise<number> {
  const theme = createTheme(
    terminalStyle({ color: options.color, ascii: options.ascii }, process.env),
  );
  if (options.once === true || !process.stdout.isTTY) {
    const snapshot = await options.store.refreshOnce();
    const columns = process.stdout.columns > 0 ? process.stdout.columns : 100;
    const frame = watchFrame(snapshot, { theme, width: columns, now: Date.now() });
    process.stdout.write(`${frame}\n`);
    return snapshot.verdict === null ? 2 : verdictExitCode(snapshot.verdict);
  }
  const controller = new AbortController();
  const instance = render(createElement(WatchScreen, { store: options.store, theme }), {
    incrementalRendering: true,
    maxFps: 4,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  let exitCode = 0;
  const handlers = Object.entries(SIGNALS).map(([signal, number]) => {
    const handler = (): void => {
      if (signal !== 'SIGINT') exitCode = 128 + number;
      instance.unmount();
    };
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  // The pane closed under us: writes fail with EIO/EPIPE as 'error' events, which would
  // otherwise crash the process. Stop, and keep ignoring them.
  const paneGone = (): void => {
    exitCode = 128 + SIGNALS.SIGHUP;
    instance.unmount();
  };
  process.stdout.on('error', paneGone);
  const collecting = options.store.start(controller.signal);
  try {
    await instance.waitUntilExit();
  } finally {
    controller.abort();
    await collecting;
    for (const off of handlers) off();
    if (exitCode !== 128 + SIGNALS.SIGHUP) process.stdout.off('error', paneGone);
  }
  return exitCode;
}
