import { renderToString } from 'ink';
import { createElement } from 'react';
import type { AppSnapshot } from '../../store/app-snapshot.js';
import { WatchPanel } from '../panels/WatchPanel.js';
import type { Theme } from '../theme.js';
import { ThemeContext } from '../theme-context.js';

/** One frame of the compact panel as text (`watch --once`, a `jobdeck serve` session with no pty). */
export function watchFrame(
  snapshot: AppSnapshot,
  options: { readonly theme: Theme; readonly width: number; readonly now: number },
): string {
  return renderToString(
    createElement(
      ThemeContext,
      { value: options.theme },
      createElement(WatchPanel, { snapshot, now: options.now, width: options.width }),
    ),
    { columns: options.width },
  );
}
