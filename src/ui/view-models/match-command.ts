import type { DashboardActions } from '../dashboard-actions.js';
import type { CommandId, KeyBinding, KeyScope } from '../keymap.js';
import { availableBindings } from './available-bindings.js';

/**
 * The command a key runs in a scope, or null. A binding that needs an action the
 * caller did not give (read-only mode) is not bound at all, nor is a fleet key outside
 * a fleet (`inFleet` false: one target).
 */
export function matchCommand(
  bindings: readonly KeyBinding[],
  scope: KeyScope,
  key: string,
  actions: DashboardActions,
  inFleet = false,
): CommandId | null {
  const found = availableBindings(bindings, actions, inFleet).find(
    (b) => b.scope === scope && b.keys.includes(key),
  );
  return found?.id ?? null;
}
