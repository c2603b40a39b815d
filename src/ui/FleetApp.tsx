import { useMemo, useReducer } from 'react';
import type { Actor } from '../actions/action.js';
import type { ActionTracker } from './action-tracker.js';
import type { FleetTarget } from './fleet-target.js';
import { useDebouncedWindowSize } from './hooks/use-debounced-window-size.js';
import { RESIZE_DEBOUNCE_MS } from './resize-debounce-ms.js';
import { Dashboard } from './screens/Dashboard.js';
import { FleetOverview } from './screens/FleetOverview.js';
import { fleetReducer } from './state/fleet-reducer.js';
import { initialFleetState } from './state/initial-fleet-state.js';
import type { Theme } from './theme.js';
import { ThemeContext } from './theme-context.js';

export interface FleetAppProps {
  /** Two or more, in the config file's order. */
  readonly targets: readonly FleetTarget[];
  readonly actor: Actor;
  /** One for every target: quitting waits for an action started in any of them. */
  readonly tracker: ActionTracker;
  readonly theme: Theme;
  /** A fixed terminal size (tests); else the terminal's, debounced. */
  readonly size?: { readonly columns: number; readonly rows: number };
  readonly now?: () => number;
  readonly readOnlyReason?: string;
}

/**
 * The root with several targets: the fleet overview, or one target's full dashboard.
 * Every store keeps collecting whichever shows; a dashboard is mounted per target
 * (`key`), so selection, filters and dialogs never leak from one target to another.
 */
export function FleetApp({
  targets,
  actor,
  tracker,
  theme,
  size,
  now,
  readOnlyReason,
}: FleetAppProps) {
  const terminal = useDebouncedWindowSize(RESIZE_DEBOUNCE_MS);
  const { columns, rows } = size ?? terminal;
  const names = useMemo(() => targets.map((t) => t.name), [targets]);
  const [state, dispatch] = useReducer(fleetReducer, names, initialFleetState);
  const index = state.open === null ? -1 : names.indexOf(state.open);
  const target = targets[index];
  return (
    <ThemeContext value={theme}>
      {target === undefined ? (
        <FleetOverview
          targets={targets}
          state={state}
          dispatch={dispatch}
          tracker={tracker}
          columns={columns}
          rows={rows}
          {...(now === undefined ? {} : { now })}
        />
      ) : (
        <Dashboard
          key={target.name}
          store={target.store}
          actions={target.actions}
          audit={target.audit}
          actor={actor}
          tracker={tracker}
          thresholds={target.thresholds}
          columns={columns}
          rows={rows}
          {...(now === undefined ? {} : { now })}
          {...(readOnlyReason === undefined ? {} : { readOnlyReason })}
          fleet={{
            index,
            count: targets.length,
            names,
            open: (next) => {
              const name = names[next];
              if (name !== undefined) dispatch({ type: 'open', name });
            },
            overview: () => {
              dispatch({ type: 'overview' });
            },
          }}
        />
      )}
    </ThemeContext>
  );
}
