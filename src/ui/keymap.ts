import type { DashboardActions } from './dashboard-actions.js';

/**
 * Where a binding applies. Exactly one scope takes keys at a time (STYLE.md habit 9):
 * the dashboard, or whatever is open over it.
 */
export type KeyScope = 'dashboard' | 'details' | 'help' | 'filter' | 'confirm' | 'typed-confirm';

/** Commands of the dashboard itself; the App handles each (a Record over this type). */
export type DashboardCommand =
  | 'help'
  | 'focus-next'
  | 'focus-prev'
  | 'select-up'
  | 'select-down'
  | 'details'
  | 'restart-container'
  | 'restart-service'
  | 'cleanup-stuck'
  | 'test-alert'
  | 'silence-alerts'
  | 'pause'
  | 'filter'
  | 'clear-filter'
  | 'quit';
export type DetailsCommand = 'details-close';
export type HelpCommand = 'help-close';
export type FilterCommand = 'filter-apply' | 'filter-cancel' | 'filter-erase';
export type ConfirmCommand = 'confirm-yes' | 'confirm-no';
export type TypedConfirmCommand = 'typed-submit' | 'typed-cancel' | 'typed-erase';

export type CommandId =
  | DashboardCommand
  | DetailsCommand
  | HelpCommand
  | FilterCommand
  | ConfirmCommand
  | TypedConfirmCommand;

export interface KeyBinding {
  readonly id: CommandId;
  /**
   * Key names as keyName() spells them: a printable character (`r`, `R`, `?`), or
   * `up`, `down`, `tab`, `shift+tab`, `return`, `escape`, `backspace`, `ctrl+c`.
   */
  readonly keys: readonly string[];
  readonly description: string;
  readonly scope: KeyScope;
  /** Changes the world (always asks first; audited). */
  readonly dangerous: boolean;
  /** Bound and listed only when this action was given (never in read-only mode). */
  readonly requires?: keyof DashboardActions;
}

/**
 * Every key of the dashboard, k9s/lazydocker style. The `?` overlay and the README's
 * key table are generated from this list (test/ui/keymap.test.ts fails when the README
 * is stale).
 */
export const keymap: readonly KeyBinding[] = [
  { id: 'help', keys: ['?'], scope: 'dashboard', dangerous: false, description: 'show this help' },
  {
    id: 'focus-next',
    keys: ['tab'],
    scope: 'dashboard',
    dangerous: false,
    description: 'focus the next panel',
  },
  {
    id: 'focus-prev',
    keys: ['shift+tab'],
    scope: 'dashboard',
    dangerous: false,
    description: 'focus the previous panel',
  },
  {
    id: 'select-up',
    keys: ['up', 'k'],
    scope: 'dashboard',
    dangerous: false,
    description: 'select the row above',
  },
  {
    id: 'select-down',
    keys: ['down', 'j'],
    scope: 'dashboard',
    dangerous: false,
    description: 'select the row below',
  },
  {
    id: 'details',
    keys: ['return'],
    scope: 'dashboard',
    dangerous: false,
    description: 'details of the selected row',
  },
  {
    id: 'restart-container',
    keys: ['r'],
    scope: 'dashboard',
    dangerous: true,
    requires: 'restartContainer',
    description: 'restart the selected container (y/n)',
  },
  {
    id: 'restart-service',
    keys: ['R'],
    scope: 'dashboard',
    dangerous: true,
    requires: 'restartService',
    description: 'restart all replicas of its service, one by one',
  },
  {
    id: 'cleanup-stuck',
    keys: ['c'],
    scope: 'dashboard',
    dangerous: true,
    requires: 'cleanupStuck',
    description: 'mark stuck jobs failed, never deletes (type cleanup)',
  },
  {
    id: 'test-alert',
    keys: ['t'],
    scope: 'dashboard',
    // It changes nothing watched, but it pages people: asked first, audited, off when read-only.
    dangerous: true,
    requires: 'testAlert',
    description: "send a test alert on every channel (y/n); shows each channel's result",
  },
  {
    id: 'silence-alerts',
    keys: ['s'],
    scope: 'dashboard',
    dangerous: true,
    requires: 'silenceAlerts',
    description: 'silence the alerts the monitor has firing, for an hour (y/n)',
  },
  {
    id: 'pause',
    keys: ['p'],
    scope: 'dashboard',
    dangerous: false,
    description: 'pause or resume refreshing',
  },
  {
    id: 'filter',
    keys: ['/'],
    scope: 'dashboard',
    dangerous: false,
    description: 'filter the rows of the focused panel',
  },
  {
    id: 'clear-filter',
    keys: ['escape'],
    scope: 'dashboard',
    dangerous: false,
    description: "clear the focused panel's filter",
  },
  {
    id: 'quit',
    keys: ['q', 'ctrl+c'],
    scope: 'dashboard',
    dangerous: false,
    description: 'quit (a running action finishes first)',
  },
  {
    id: 'details-close',
    keys: ['escape', 'return'],
    scope: 'details',
    dangerous: false,
    description: 'close the details',
  },
  {
    id: 'help-close',
    keys: ['?', 'escape', 'q'],
    scope: 'help',
    dangerous: false,
    description: 'close the help',
  },
  {
    id: 'filter-apply',
    keys: ['return'],
    scope: 'filter',
    dangerous: false,
    description: 'keep the filter (type to edit it)',
  },
  {
    id: 'filter-cancel',
    keys: ['escape'],
    scope: 'filter',
    dangerous: false,
    description: 'drop the filter',
  },
  {
    id: 'filter-erase',
    keys: ['backspace'],
    scope: 'filter',
    dangerous: false,
    description: 'delete the last character',
  },
  {
    id: 'confirm-yes',
    keys: ['y'],
    scope: 'confirm',
    dangerous: true,
    description: 'yes: run the action',
  },
  {
    id: 'confirm-no',
    keys: ['n', 'escape', 'ctrl+c'],
    scope: 'confirm',
    dangerous: false,
    description: 'no: cancel',
  },
  {
    id: 'typed-submit',
    keys: ['return'],
    scope: 'typed-confirm',
    dangerous: true,
    description: 'run it if the typed word matches',
  },
  {
    id: 'typed-cancel',
    keys: ['escape', 'ctrl+c'],
    scope: 'typed-confirm',
    dangerous: false,
    description: 'cancel',
  },
  {
    id: 'typed-erase',
    keys: ['backspace'],
    scope: 'typed-confirm',
    dangerous: false,
    description: 'delete the last character',
  },
];
