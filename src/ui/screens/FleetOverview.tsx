import { Box, Text, useApp } from 'ink';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { ActionTracker } from '../action-tracker.js';
import { HelpOverlay } from '../components/HelpOverlay.js';
import { Panel } from '../components/Panel.js';
import { Segments } from '../components/Segments.js';
import { StatusBar } from '../components/StatusBar.js';
import { Table } from '../components/Table.js';
import { FleetSnapshots } from '../fleet-snapshots.js';
import type { FleetTarget } from '../fleet-target.js';
import { useClock } from '../hooks/use-clock.js';
import { useKeymapInput } from '../hooks/use-keymap-input.js';
import { useStoreSnapshot } from '../hooks/use-store-snapshot.js';
import { useTheme } from '../hooks/use-theme.js';
import { keymap } from '../keymap.js';
import type { FleetEvent } from '../state/fleet-event.js';
import type { FleetState } from '../state/fleet-state.js';
import { fleetLayout } from '../view-models/fleet-layout.js';
import { fleetRows } from '../view-models/fleet-rows.js';
import { fleetSegments } from '../view-models/fleet-segments.js';
import { frameMs } from '../view-models/frame-ms.js';
import { keyHints } from '../view-models/key-hints.js';

export interface FleetOverviewProps {
  readonly targets: readonly FleetTarget[];
  readonly state: FleetState;
  readonly dispatch: (event: FleetEvent) => void;
  readonly tracker: ActionTracker;
  readonly columns: number;
  readonly rows: number;
  readonly now?: () => number;
}

/**
 * The fleet overview (`jobdeck` with several targets): one row per target from its own
 * store, which keeps collecting while any screen shows. Enter or `1`…`9` open a
 * target's dashboard; the selection and which screen shows are the fleet root's state.
 */
/** Frames while some target still says "checking…". */
const WARMUP_FRAME_MS = 100;

export function FleetOverview({
  targets,
  state,
  dispatch,
  tracker,
  columns,
  rows,
  now: clock,
}: FleetOverviewProps) {
  const theme = useTheme();
  const { exit } = useApp();
  const fleet = useMemo(() => new FleetSnapshots(targets.map((t) => t.store)), [targets]);
  const interval = Math.min(...targets.map((t) => t.store.getSnapshot().intervalMs));
  // Until every target has had its first answer, rows fill in as they come (a fleet's
  // hosts answer over a second or two); after that, one frame per refresh interval.
  const warming = fleet.getSnapshot().some((s) => s.verdict === null);
  const snapshots = useStoreSnapshot(fleet, warming ? WARMUP_FRAME_MS : frameMs(interval));
  const running = useSyncExternalStore(tracker.subscribe, tracker.getSnapshot);
  const now = useClock(Math.max(1000, interval), clock, snapshots);
  const layout = fleetLayout(columns, rows);
  const names = targets.map((t) => t.name);
  const selected = targets.find((t) => t.name === state.selected) ?? targets[0];

  const table = useMemo(
    () =>
      fleetRows(
        targets.map((t, i) => ({
          name: t.name,
          // FleetSnapshots keeps the stores' order.
          snapshot: snapshots[i] ?? t.store.getSnapshot(),
          thresholds: t.thresholds,
        })),
        now,
      ),
    [targets, snapshots, now],
  );

  useEffect(() => {
    if (state.quitting && running.length === 0) exit();
  }, [state.quitting, running, exit]);

  useKeymapInput<'fleet' | 'help'>({
    scope: state.quitting ? null : state.help ? 'help' : 'fleet',
    actions: selected?.actions ?? {},
    inFleet: true,
    handlers: {
      fleet: {
        'fleet-up': () => {
          dispatch({ type: 'move', names, delta: -1 });
        },
        'fleet-down': () => {
          dispatch({ type: 'move', names, delta: 1 });
        },
        'fleet-open': () => {
          if (selected !== undefined) dispatch({ type: 'open', name: selected.name });
        },
        'fleet-number': (key) => {
          const name = names[Number(key) - 1];
          if (name !== undefined) dispatch({ type: 'open', name });
          else dispatch({ type: 'flash', text: `no target ${key}: there are ${names.length}` });
        },
        'fleet-help': () => {
          dispatch({ type: 'open-help' });
        },
        'fleet-quit': () => {
          // As the dashboard's quit: an action started in a target's dashboard finishes first.
          if (running.length === 0) exit();
          else dispatch({ type: 'quit', text: `quitting once ${running.join(', ')} has finished` });
        },
      },
      help: {
        'help-close': () => {
          dispatch({ type: 'close-help' });
        },
      },
    },
  });

  if (layout.kind === 'too-small') {
    return (
      <Box width={layout.width}>
        <Text wrap="truncate-end">{layout.message}</Text>
      </Box>
    );
  }
  const body = state.help ? (
    <HelpOverlay
      actions={selected?.actions ?? {}}
      width={layout.width}
      height={layout.bodyHeight}
      inFleet
    />
  ) : (
    <Panel
      title="Targets"
      width={layout.width}
      height={layout.bodyHeight}
      focused
      right={`${String(targets.length)} targets`}
    >
      <Table
        columns={table.columns}
        rows={table.rows}
        width={layout.width - 2}
        height={layout.bodyHeight - 2}
        selectedId={state.selected}
        focused
      />
    </Panel>
  );
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height}>
      <Box flexDirection="column" height={layout.bodyHeight}>
        {body}
      </Box>
      {state.flash === null ? <Text> </Text> : <Segments segments={[{ text: state.flash }]} />}
      <StatusBar
        segments={fleetSegments(snapshots)}
        hints={keyHints(keymap, selected?.actions ?? {}, {
          width: layout.width,
          ascii: theme.ascii,
          inFleet: true,
          scope: 'fleet',
        })}
      />
    </Box>
  );
}
