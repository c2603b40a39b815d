import type { DashboardActions } from '../dashboard-actions.js';
import type { KeyBinding } from '../keymap.js';

/**
 * The bindings that are live: those whose action was given (none of those in
 * read-only), and the fleet keys only when the screen is part of a fleet (`inFleet`:
 * `jobdeck` opened several targets).
 */
export function availableBindings(
  bindings: readonly KeyBinding[],
  actions: DashboardActions,
  inFleet = false,
): KeyBinding[] {
  return bindings.filter(
    (b) =>
      (b.requires === undefined || actions[b.requires] !== undefined) &&
      (b.fleet !== true || inFleet),
  );
}
