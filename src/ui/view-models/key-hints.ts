import type { DashboardActions } from '../dashboard-actions.js';
import type { CommandId, KeyBinding } from '../keymap.js';
import { availableBindings } from './available-bindings.js';
import { keyLabel } from './key-label.js';
import { keyLabels } from './key-labels.js';

const SHORT: Partial<Record<CommandId, string>> = {
  help: 'help',
  'focus-next': 'panel',
  'select-down': 'select',
  details: 'details',
  'restart-container': 'restart',
  'restart-service': 'restart all',
  'cleanup-stuck': 'cleanup',
  pause: 'pause',
  filter: 'filter',
  quit: 'quit',
  overview: 'overview',
  'target-next': 'target',
  'fleet-help': 'help',
  'fleet-quit': 'quit',
  'fleet-down': 'select',
  'fleet-open': 'open',
  'fleet-number': 'target',
};

/** Most useful first; the fleet keys come early, they are how one gets around. */
const ORDER: Record<'dashboard' | 'fleet', readonly CommandId[]> = {
  dashboard: [
    'help',
    'quit',
    'overview',
    'target-next',
    'restart-container',
    'restart-service',
    'cleanup-stuck',
    'pause',
    'filter',
    'focus-next',
    'select-down',
    'details',
  ],
  fleet: ['fleet-help', 'fleet-quit', 'fleet-down', 'fleet-open', 'fleet-number'],
};

/**
 * The status bar's key hints for the dashboard (or the fleet overview), as many as fit
 * in `width`, most useful first; read-only mode leaves the action keys out, and a
 * dashboard outside a fleet the target keys.
 */
export function keyHints(
  bindings: readonly KeyBinding[],
  actions: DashboardActions,
  options: {
    readonly width: number;
    readonly ascii: boolean;
    /** Several targets are open: `o overview`, `[ ] target`. */
    readonly inFleet?: boolean;
    readonly scope?: 'dashboard' | 'fleet';
  },
): string {
  const { width, ascii } = options;
  const scope = options.scope ?? 'dashboard';
  const live = availableBindings(bindings, actions, options.inFleet === true).filter(
    (b) => b.scope === scope,
  );
  const hints: string[] = [];
  for (const id of ORDER[scope]) {
    const b = live.find((x) => x.id === id);
    const label = SHORT[id];
    if (b === undefined || label === undefined) continue;
    const keys =
      id === 'select-down' || id === 'fleet-down'
        ? `${keyLabel('up', ascii)}${keyLabel('down', ascii)}`
        : id === 'target-next'
          ? '[ ]'
          : (keyLabels(b.keys, ascii)[0] ?? '');
    hints.push(`${keys} ${label}`);
  }
  let text = '';
  for (const hint of hints) {
    const next = text === '' ? hint : `${text}  ${hint}`;
    if (next.length > width) break;
    text = next;
  }
  return text;
}
