import { render, type Instance } from 'ink';
import type { ReactElement } from 'react';
import { createTheme, type Theme } from '../ui/theme.js';
import { terminalStyle } from '../ui/view-models/terminal-style.js';
import type { TerminalInput, TerminalOutput } from './channel-terminal.js';

/** The theme for a client's TERM (from pty-req): empty or `dumb` means ASCII without colour. */
export function sessionTheme(term: string): Theme {
  return createTheme(
    terminalStyle({ color: true, ascii: false }, { TERM: term === '' ? 'dumb' : term }),
  );
}

/**
 * An Ink render of a dashboard onto a session's terminal: full screen, drawing only what
 * changed, at most 10 frames a second, keys handled by the dashboard itself.
 */
export function renderSession(
  element: ReactElement,
  terminal: { readonly output: TerminalOutput; readonly input: TerminalInput },
): Instance {
  return render(element, {
    stdout: terminal.output,
    stdin: terminal.input,
    stderr: terminal.output,
    interactive: true,
    alternateScreen: true,
    incrementalRendering: true,
    maxFps: 10,
    exitOnCtrlC: false,
    patchConsole: false,
    kittyKeyboard: { mode: 'disabled' },
  });
}
