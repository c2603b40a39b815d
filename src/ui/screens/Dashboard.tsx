import { Box, Text, useApp } from 'ink';
import { useEffect, useMemo, useReducer, useSyncExternalStore } from 'react';
import type { Actor } from '../../actions/action.js';
import type { AuditSink } from '../../actions/audit-sink.js';
import type { Thresholds } from '../../config/thresholds-schema.js';
import type { ActionTracker } from '../action-tracker.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { DetailsView } from '../components/DetailsView.js';
import { FilterLine } from '../components/FilterLine.js';
import { HelpOverlay } from '../components/HelpOverlay.js';
import { Segments } from '../components/Segments.js';
import { StatusBar } from '../components/StatusBar.js';
import type { DashboardActions } from '../dashboard-actions.js';
import type { DashboardFleet } from '../dashboard-fleet.js';
import type { DashboardStore } from '../dashboard-store.js';
import { useActionFlow } from '../hooks/use-action-flow.js';
import { useClock } from '../hooks/use-clock.js';
import { useKeymapInput, type ScopeHandlers } from '../hooks/use-keymap-input.js';
import { useStoreSnapshot } from '../hooks/use-store-snapshot.js';
import { useTheme } from '../hooks/use-theme.js';
import { keymap } from '../keymap.js';
import { PanelSlot } from './PanelSlot.js';
import { restartCommand } from '../view-models/restart-command.js';
import { initialUiState } from '../state/initial-ui-state.js';
import { inputScope } from '../state/input-scope.js';
import { uiReducer } from '../state/ui-reducer.js';
import { computeLayout } from '../view-models/compute-layout.js';
import { dashboardModel } from '../view-models/dashboard-model.js';
import { frameMs } from '../view-models/frame-ms.js';
import { detailLines } from '../view-models/detail-lines.js';
import { keyHints } from '../view-models/key-hints.js';
import type { ListPanelId } from '../view-models/list-panel-id.js';
import { moveSelection } from '../view-models/move-selection.js';
import { statusSegments } from '../view-models/status-segments.js';

export interface DashboardProps {
  readonly store: DashboardStore;
  /** Empty in read-only mode. */
  readonly actions: DashboardActions;
  readonly audit: AuditSink;
  readonly actor: Actor;
  readonly tracker: ActionTracker;
  readonly thresholds: Thresholds;
  readonly columns: number;
  readonly rows: number;
  readonly now?: () => number;
  /** Why actions are off in read-only mode, said when an action key is pressed. */
  readonly readOnlyReason?: string;
  /** One of several targets (`jobdeck` with a multi-target config): the fleet keys are on. */
  readonly fleet?: DashboardFleet;
}

const FLASH_MS = 15_000;

/** The dashboard's commands with all but quit switched off (terminal too small). */
function quitOnly(commands: ScopeHandlers['dashboard']): ScopeHandlers['dashboard'] {
  const off: Record<string, () => void> = Object.fromEntries(
    Object.keys(commands).map((k) => [k, () => undefined]),
  );
  return { ...commands, ...off, quit: commands.quit };
}
const NO_ACTIONS: DashboardActions = {};
const READ_ONLY_REASON = 'started with --read-only (or readOnly: true in the config)';

/**
 * The full-screen dashboard: composes the panels from one layout and one model, routes
 * keys through the keymap, and runs actions through the action flow. State lives in the
 * UI reducer; data comes from the store.
 */
export function Dashboard(props: DashboardProps) {
  const { store, audit, actor, tracker, thresholds, fleet } = props;
  const inFleet = fleet !== undefined;
  const theme = useTheme();
  const { exit } = useApp();
  const live = useStoreSnapshot(store, frameMs(store.getSnapshot().intervalMs));
  const running = useSyncExternalStore(tracker.subscribe, tracker.getSnapshot);
  const [ui, dispatch] = useReducer(uiReducer, initialUiState);
  const now = useClock(Math.max(1000, live.intervalMs), props.now, live);
  // Defence in depth: read-only never offers actions, whatever the caller passed.
  const actions = live.readOnly ? NO_ACTIONS : props.actions;
  const snapshot = ui.dialog?.frozen ?? live;
  const scope = inputScope(ui);
  const layout = computeLayout(props.columns, props.rows);
  const flow = useActionFlow({ dispatch, audit, actor, tracker });

  const model = useMemo(
    () => dashboardModel(snapshot, { selected: ui.selected, filters: ui.filters }, now, thresholds),
    // Selection and filters only: overlays and the flash do not change the rows.
    [snapshot, ui.selected, ui.filters, now, thresholds],
  );

  useEffect(() => {
    if (ui.flash === null) return;
    const id = ui.flash.id;
    const timer = setTimeout(() => {
      dispatch({ type: 'flash-expire', id });
    }, FLASH_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [ui.flash]);

  useEffect(() => {
    if (ui.quitting && running.length === 0) exit();
  }, [ui.quitting, running, exit]);

  const focused = model[ui.focus];
  const selectedRow = focused.rows.find((r) => r.id === focused.selectedId) ?? null;
  const flash = (text: string, level: 'warn' | 'none' = 'warn'): void => {
    dispatch({ type: 'flash', text, level });
  };
  const move = (delta: number): void => {
    dispatch({
      type: 'select',
      panel: ui.focus,
      id: moveSelection(
        focused.rows.map((r) => r.id),
        focused.selectedId,
        delta,
      ),
    });
  };
  const runRestart = (key: 'restart-container' | 'restart-service'): void => {
    const command = restartCommand(key, selectedRow?.ref, actions);
    if (command.kind === 'run') flow.start(command.action, live, command.title);
    else if (command.kind === 'explain') flash(command.text);
  };
  const order = layout.kind === 'dashboard' ? layout.focusOrder : (['workers'] as const);

  const dashboard: ScopeHandlers['dashboard'] = {
    help: () => {
      dispatch({ type: 'open-help' });
    },
    'focus-next': () => {
      dispatch({ type: 'focus', order, delta: 1 });
    },
    'focus-prev': () => {
      dispatch({ type: 'focus', order, delta: -1 });
    },
    'select-up': () => {
      move(-1);
    },
    'select-down': () => {
      move(1);
    },
    details: () => {
      if (selectedRow !== null)
        dispatch({ type: 'open-details', panel: ui.focus, id: selectedRow.id });
    },
    'restart-container': () => {
      runRestart('restart-container');
    },
    'restart-service': () => {
      runRestart('restart-service');
    },
    'cleanup-stuck': () => {
      if (actions.cleanupStuck !== undefined) flow.start(actions.cleanupStuck(), live);
    },
    'test-alert': () => {
      if (actions.testAlert !== undefined) flow.start(actions.testAlert(), live);
    },
    'silence-alerts': () => {
      if (actions.silenceAlerts !== undefined) flow.start(actions.silenceAlerts(), live);
    },
    pause: () => {
      store.setPaused(!live.paused);
    },
    filter: () => {
      dispatch({ type: 'open-filter' });
    },
    'clear-filter': () => {
      dispatch({ type: 'clear-filter' });
    },
    quit: () => {
      if (running.length === 0) {
        exit();
        return;
      }
      dispatch({ type: 'quit' });
      flash(`quitting once ${running.join(', ')} has finished`, 'none');
    },
    // Bound only in a fleet (matchCommand leaves them out otherwise).
    'target-prev': () => {
      if (fleet !== undefined) fleet.open((fleet.index - 1 + fleet.count) % fleet.count);
    },
    'target-next': () => {
      if (fleet !== undefined) fleet.open((fleet.index + 1) % fleet.count);
    },
    'target-number': (key) => {
      if (fleet === undefined) return;
      const index = Number(key) - 1;
      if (index === fleet.index) return;
      if (index < fleet.count) fleet.open(index);
      else flash(`no target ${key}: there are ${String(fleet.count)}`, 'none');
    },
    overview: () => {
      fleet?.overview();
    },
  };
  const closeDialog = (): void => {
    flow.answer(false);
  };
  const handlers: ScopeHandlers = {
    // Below the minimum size only quitting works; everything else waits for room.
    dashboard: layout.kind === 'too-small' ? quitOnly(dashboard) : dashboard,
    details: {
      'details-close': () => {
        dispatch({ type: 'close-details' });
      },
    },
    help: {
      'help-close': () => {
        dispatch({ type: 'close-help' });
      },
    },
    filter: {
      'filter-apply': () => {
        dispatch({ type: 'filter-apply' });
      },
      'filter-cancel': () => {
        dispatch({ type: 'filter-cancel' });
      },
      'filter-erase': () => {
        dispatch({ type: 'filter-erase' });
      },
    },
    confirm: {
      'confirm-yes': () => {
        // A y before the preview arrived would confirm something not yet shown.
        if (ui.dialog?.phase === 'confirm') flow.answer(true);
      },
      'confirm-no': closeDialog,
    },
    'typed-confirm': {
      'typed-submit': () => {
        if (ui.dialog !== null && ui.dialog.typed === ui.dialog.confirmWord) flow.answer(true);
      },
      'typed-cancel': closeDialog,
      'typed-erase': () => {
        dispatch({ type: 'dialog-erase' });
      },
    },
  };
  useKeymapInput({
    scope: ui.quitting ? null : scope,
    handlers,
    actions,
    inFleet,
    onText: (textScope, text) => {
      if (textScope === 'filter') dispatch({ type: 'filter-text', text });
      if (textScope === 'typed-confirm') dispatch({ type: 'dialog-type', text });
    },
    onUnavailable: (binding) => {
      if (!live.readOnly) return;
      const what = binding.description.replace(/ \(.*$/, '').split(',')[0] ?? binding.id;
      flash(`read-only: cannot ${what}: ${props.readOnlyReason ?? READ_ONLY_REASON}`);
    },
  });

  if (layout.kind === 'too-small') {
    return (
      <Box width={layout.width}>
        <Text wrap="truncate-end">{layout.message}</Text>
      </Box>
    );
  }

  const bodyHeight = layout.height - layout.footerHeight;
  let body;
  if (ui.overlay === 'help') {
    body = (
      <HelpOverlay actions={actions} width={layout.width} height={bodyHeight} inFleet={inFleet} />
    );
  } else if (ui.overlay === 'details' && ui.details !== null) {
    const panel: ListPanelId = ui.details.panel;
    const id = ui.details.id;
    const row = model[panel].rows.find((r) => r.id === id) ?? null;
    body = (
      <DetailsView
        details={row === null ? null : detailLines(row.ref, now)}
        width={layout.width}
        height={bodyHeight}
      />
    );
  } else {
    body = layout.body.map((row, i) => (
      // Layout rows are positional.
      <Box key={i} flexDirection="row" height={row.height}>
        {row.slots.map((slot, j) => (
          <PanelSlot
            // Slots are positional within their row.
            key={j}
            slot={slot}
            focus={ui.focus}
            model={model}
            snapshot={snapshot}
            ascii={theme.ascii}
          />
        ))}
      </Box>
    ));
  }

  const flashLine =
    ui.overlay === 'filter' ? (
      <FilterLine panel={ui.focus} filter={ui.filters[ui.focus]} />
    ) : ui.flash === null ? (
      <Text> </Text>
    ) : (
      <Segments
        segments={[{ text: ui.flash.text, level: ui.flash.level, bold: ui.flash.level === 'fail' }]}
      />
    );

  const dialogWidth = Math.min(layout.width - 4, 140);
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height}>
      <Box flexDirection="column" height={bodyHeight}>
        {body}
        {ui.dialog === null ? null : (
          <Box
            position="absolute"
            marginTop={1}
            marginLeft={Math.floor((layout.width - dialogWidth) / 2)}
          >
            <ConfirmDialog dialog={ui.dialog} width={dialogWidth} maxHeight={bodyHeight - 2} />
          </Box>
        )}
      </Box>
      {flashLine}
      <StatusBar
        segments={statusSegments(live, now, fleet)}
        hints={keyHints(keymap, actions, { width: layout.width, ascii: theme.ascii, inFleet })}
      />
    </Box>
  );
}
