import { useInput } from 'ink';
import type { DashboardActions } from '../dashboard-actions.js';
import { keymap } from '../keymap.js';
import type {
  KeyBinding,
  ConfirmCommand,
  DashboardCommand,
  DetailsCommand,
  FilterCommand,
  HelpCommand,
  KeyScope,
  TypedConfirmCommand,
} from '../keymap.js';
import { keyName } from '../view-models/key-name.js';
import { matchCommand } from '../view-models/match-command.js';

/** A handler for every command of every scope: the compiler checks none is missing. */
export interface ScopeHandlers {
  readonly dashboard: Readonly<Record<DashboardCommand, () => void>>;
  readonly details: Readonly<Record<DetailsCommand, () => void>>;
  readonly help: Readonly<Record<HelpCommand, () => void>>;
  readonly filter: Readonly<Record<FilterCommand, () => void>>;
  readonly confirm: Readonly<Record<ConfirmCommand, () => void>>;
  readonly 'typed-confirm': Readonly<Record<TypedConfirmCommand, () => void>>;
}

/**
 * The dashboard's one input handler (STYLE.md habit 9). Every key is looked up in the
 * keymap for the scope that is showing *when the key arrives*, and anything else is
 * text for the filter line or a typed-word dialog.
 *
 * Why one handler that switches scope rather than one `useInput({isActive})` per
 * dialog: Ink switches `isActive` in a passive effect, after the frame is drawn, so a
 * key typed right after a dialog changed could still reach the previous handler. A test
 * caught `y` confirming a dialog that had just switched to "type the service name".
 * Ink calls the latest handler (useEffectEvent), so reading `scope` here is current.
 */
export function useKeymapInput(options: {
  /** Null while no key should do anything (quitting, waiting for an action to end). */
  readonly scope: KeyScope | null;
  readonly handlers: ScopeHandlers;
  readonly actions: DashboardActions;
  readonly onText: (scope: KeyScope, text: string) => void;
  /** A key whose action was not given (read-only): the caller may say why it is off. */
  readonly onUnavailable?: (binding: KeyBinding) => void;
}): void {
  useInput((input, key) => {
    const { scope, handlers, actions } = options;
    if (scope === null) return;
    const name = keyName(input, key);
    const command = matchCommand(keymap, scope, name, actions);
    if (command !== null) {
      const scoped: Readonly<Record<string, (() => void) | undefined>> = handlers[scope];
      scoped[command]?.();
      return;
    }
    const off = keymap.find(
      (b) => b.scope === scope && b.keys.includes(name) && b.requires !== undefined,
    );
    if (off !== undefined && options.onUnavailable !== undefined) {
      options.onUnavailable(off);
      return;
    }
    if (input !== '' && !key.ctrl && !key.meta) options.onText(scope, input);
  });
}
