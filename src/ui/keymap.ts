import type { DashboardActions } from './dashboard-actions.js';

/**
 * Where a binding applies. Exactly one scope takes keys at a time (STYLE.md habit 9):
 * the dashboard, or whatever is open over it; with several targets, the fleet overview.
 */
export type KeyScope =
  'dashboard' | 'fleet' | 'details' | 'help' | 'filter' | 'confirm' | 'typed-confirm';
/** The scopes of a target's dashboard: all but the fleet overview. */
export type DashboardScope = Exclude<KeyScope, 'fleet'>;

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
  | 'quit'
  | 'target-prev'
  | 'target-next'
  | 'target-number'
  | 'overview';
/** Commands of the fleet overview (several targets); FleetOverview handles each. */
export type FleetCommand =
  'fleet-up' | 'fleet-down' | 'fleet-open' | 'fleet-number' | 'fleet-help' | 'fleet-quit';
export type DetailsCommand = 'details-close';
export type HelpCommand = 'help-close';
export type FilterCommand = 'filter-apply' | 'filter-cancel' | 'filter-erase';
export type ConfirmCommand = 'confirm-yes' | 'confirm-no';
export type TypedConfirmCommand = 'typed-submit' | 'typed-cancel' | 'typed-erase';

export type CommandId =
  | DashboardCommand
  | FleetCommand
  | DetailsCommand
  | HelpCommand
  | FilterCommand
  | ConfirmCommand
  | TypedConfirmCommand;

/** The commands of each scope: a screen handles every command of the scopes it takes. */
export interface ScopeCommands {
  readonly dashboard: DashboardCommand;
  readonly fleet: FleetCommand;
  readonly details: DetailsCommand;
  readonly help: HelpCommand;
  readonly filter: FilterCommand;
  readonly confirm: ConfirmCommand;
  readonly 'typed-confirm': TypedConfirmCommand;
}

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
  /**
   * Bound and listed only when the config has several targets and `jobdeck` opened them
   * all (the fleet overview and its keys in each target's dashboard); a single-target
   * dashboard neither binds nor lists it.
   */
  readonly fleet?: true;
}

/** `1`…`9`: open target N (the overview numbers its rows so). */
const TARGET_NUMBERS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * Every key of the dashboard and the fleet overview, k9s/lazydocker style. The `?` overlay and the README's
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
    id: 'target-prev',
    keys: ['['],
    scope: 'dashboard',
    dangerous: false,
    fleet: true,
    description: 'the previous target (wraps around)',
  },
  {
    id: 'target-next',
    keys: [']'],
    scope: 'dashboard',
    dangerous: false,
    fleet: true,
    description: 'the next target (wraps around)',
  },
  {
    id: 'target-number',
    keys: TARGET_NUMBERS,
    scope: 'dashboard',
    dangerous: false,
    fleet: true,
    description: 'jump to target N',
  },
  {
    id: 'overview',
    keys: ['o'],
    scope: 'dashboard',
    dangerous: false,
    fleet: true,
    description: 'back to the fleet overview',
  },
  {
    id: 'fleet-up',
    keys: ['up', 'k'],
    scope: 'fleet',
    dangerous: false,
    fleet: true,
    description: 'select the target above',
  },
  {
    id: 'fleet-down',
    keys: ['down', 'j'],
    scope: 'fleet',
    dangerous: false,
    fleet: true,
    description: 'select the target below',
  },
  {
    id: 'fleet-open',
    keys: ['return'],
    scope: 'fleet',
    dangerous: false,
    fleet: true,
    description: 'open the selected target',
  },
  {
    id: 'fleet-number',
    keys: TARGET_NUMBERS,
    scope: 'fleet',
    dangerous: false,
    fleet: true,
    description: 'open target N',
  },
  {
    id: 'fleet-help',
    keys: ['?'],
    scope: 'fleet',
    dangerous: false,
    fleet: true,
    description: 'show this help',
  },
  {
    id: 'fleet-quit',
    keys: ['q', 'ctrl+c'],
    scope: 'fleet',
    dangerous: false,
    fleet: true,
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
