import type { FleetState } from './fleet-state.js';

/** The overview first, on the file's first target. */
export function initialFleetState(names: readonly string[]): FleetState {
  return { open: null, selected: names[0] ?? '', help: false, flash: null, quitting: false };
}
