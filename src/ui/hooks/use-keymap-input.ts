import { useInput } from 'ink';
import type { DashboardActions } from '../dashboard-actions.js';
import { keymap } from '../keymap.js';
import type { DashboardScope, KeyBinding, KeyScope, ScopeCommands } from '../keymap.js';
import { keyName } from '../view-models/key-name.js';
import { matchCommand } from '../view-models/match-command.js';

/**
 * A handler for every command of the scopes `S` a screen takes (the dashboard's by
 * default: all but the fleet overview's): the compiler checks none is missing. Each
 * gets the name of the key pressed (`3` for "open target 3").
 */
export type ScopeHandlers<S extends KeyScope = DashboardScope> = {
  readonly [K in S]: Readonly<Record<ScopeCommands[K], (key: string) => void>>;
};

/**
 * A screen's one input handler (STYLE.md habit 9). Every key is looked up in the
 * keymap for the scope that is showing *when the key arrives*, and anything else is
 * text for the filter line or a typed-word dialog.
 *
 * Why one handler that switches scope rather than one `useInput({isActive})` per
 * dialog: Ink switches `isActive` in a passive effect, after the frame is drawn, so a
 * key typed right after a dialog changed could still reach the previous handler. A test
 * caught `y` confirming a dialog that had just switched to "type the service name".
 * Ink calls the latest handler (useEffectEvent), so reading `scope` here is current.
 */
export function useKeymapInput<S extends KeyScope = DashboardScope>(options: {
  /** Null while no key should do anything (quitting, waiting for an action to end). */
  readonly scope: S | null;
  readonly handlers: ScopeHandlers<S>;
  readonly actions: DashboardActions;
  /** Several targets are open: the fleet keys are bound (else they are plain text). */
  readonly inFleet?: boolean;
  readonly onText?: (scope: S, text: string) => void;
  /** A key whose action was not given (read-only): the caller may say why it is off. */
  readonly onUnavailable?: (binding: KeyBinding) => void;
}): void {
  useInput((input, key) => {
    const { scope, handlers, actions } = options;
    if (scope === null) return;
    const inFleet = options.inFleet === true;
    const name = keyName(input, key);
    const command = matchCommand(keymap, scope, name, actions, inFleet);
    if (command !== null) {
      const scoped: Readonly<Record<string, ((key: string) => void) | undefined>> = handlers[scope];
      scoped[command]?.(name);
      return;
    }
    // Only keys that are off for want of their action; a fleet key in a single-target
    // dashboard is simply not a key there, and says nothing.
    const off = keymap.find(
      (b) =>
        b.scope === scope &&
        b.keys.includes(name) &&
        b.requires !== undefined &&
        (b.fleet !== true || inFleet),
    );
    if (off !== undefined && options.onUnavailable !== undefined) {
      options.onUnavailable(off);
      return;
    }
    if (input !== '' && !key.ctrl && !key.meta) options.onText?.(scope, input);
  });
}
