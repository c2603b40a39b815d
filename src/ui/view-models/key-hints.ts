import type { DashboardActions } from '../dashboard-actions.js';
import type { CommandId, KeyBinding } from '../keymap.js';
import { availableBindings } from './available-bindings.js';
import { keyLabel } from './key-label.js';

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
};

/**
 * The status bar's key hints for the dashboard scope, as many as fit in `width`,
 * most useful first; read-only mode leaves the action keys out.
 */
export function keyHints(
  bindings: readonly KeyBinding[],
  actions: DashboardActions,
  width: number,
  ascii: boolean,
): string {
  const order: CommandId[] = [
    'help',
    'quit',
    'restart-container',
    'restart-service',
    'cleanup-stuck',
    'pause',
    'filter',
    'focus-next',
    'select-down',
    'details',
  ];
  const live = availableBindings(bindings, actions).filter((b) => b.scope === 'dashboard');
  const hints: string[] = [];
  for (const id of order) {
    const b = live.find((x) => x.id === id);
    const label = SHORT[id];
    if (b === undefined || label === undefined) continue;
    const keys =
      id === 'select-down'
        ? `${keyLabel('up', ascii)}${keyLabel('down', ascii)}`
        : keyLabel(b.keys[0] ?? '', ascii);
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
