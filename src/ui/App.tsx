import type { Actor } from '../actions/action.js';
import type { AuditSink } from '../actions/audit-sink.js';
import type { Thresholds } from '../config/thresholds-schema.js';
import type { ActionTracker } from './action-tracker.js';
import type { DashboardActions } from './dashboard-actions.js';
import type { DashboardStore } from './dashboard-store.js';
import { useDebouncedWindowSize } from './hooks/use-debounced-window-size.js';
import { RESIZE_DEBOUNCE_MS } from './resize-debounce-ms.js';
import { Dashboard } from './screens/Dashboard.js';
import type { Theme } from './theme.js';
import { ThemeContext } from './theme-context.js';

export interface AppProps {
  readonly store: DashboardStore;
  readonly actions: DashboardActions;
  readonly audit: AuditSink;
  readonly actor: Actor;
  readonly tracker: ActionTracker;
  readonly theme: Theme;
  readonly thresholds: Thresholds;
  /** A fixed terminal size (tests); else the terminal's, debounced. */
  readonly size?: { readonly columns: number; readonly rows: number };
  readonly now?: () => number;
  /** Why actions are off in read-only mode (`jobdeck serve`: the key is a viewer's). */
  readonly readOnlyReason?: string;
}

/** The root: reads the terminal size once and provides the theme. */
export function App({ size, theme, ...rest }: AppProps) {
  const terminal = useDebouncedWindowSize(RESIZE_DEBOUNCE_MS);
  const { columns, rows } = size ?? terminal;
  return (
    <ThemeContext value={theme}>
      <Dashboard {...rest} columns={columns} rows={rows} />
    </ThemeContext>
  );
}
