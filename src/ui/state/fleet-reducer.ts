import { moveSelection } from '../view-models/move-selection.js';
import type { FleetEvent } from './fleet-event.js';
import type { FleetState } from './fleet-state.js';

/** The fleet root's transitions, pure (STYLE.md habit 7); the selection is a name. */
export function fleetReducer(state: FleetState, event: FleetEvent): FleetState {
  switch (event.type) {
    case 'move':
      return {
        ...state,
        selected: moveSelection(event.names, state.selected, event.delta) ?? state.selected,
        flash: null,
      };
    case 'open':
      return { ...state, open: event.name, selected: event.name, help: false, flash: null };
    case 'overview':
      return { ...state, open: null, help: false, flash: null };
    case 'open-help':
      return { ...state, help: true };
    case 'close-help':
      return { ...state, help: false };
    case 'flash':
      return { ...state, flash: event.text };
    case 'quit':
      return { ...state, quitting: true, flash: event.text };
  }
}
