import type { DashboardActions } from '../dashboard-actions.js';
import type { KeyBinding } from '../keymap.js';

/** The bindings that are live: those whose action was given (none of those in read-only). */
export function availableBindings(
  bindings: readonly KeyBinding[],
  actions: DashboardActions,
): KeyBinding[] {
  return bindings.filter((b) => b.requires === undefined || actions[b.requires] !== undefined);
}
