import type { DashboardActions } from '../dashboard-actions.js';
import type { CommandId, KeyBinding, KeyScope } from '../keymap.js';

/**
 * The command a key runs in a scope, or null. A binding that needs an action the
 * caller did not give (read-only mode) is not bound at all.
 */
export function matchCommand(
  bindings: readonly KeyBinding[],
  scope: KeyScope,
  key: string,
  actions: DashboardActions,
): CommandId | null {
  const found = bindings.find(
    (b) =>
      b.scope === scope &&
      b.keys.includes(key) &&
      (b.requires === undefined || actions[b.requires] !== undefined),
  );
  return found?.id ?? null;
}
