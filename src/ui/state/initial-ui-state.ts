import type { UiState } from './ui-state.js';

/** Workers first: that is what an operator opens the dashboard for. */
export const initialUiState: UiState = {
  focus: 'workers',
  selected: { workers: null, services: null, queue: null, readiness: null, alerts: null },
  filters: { workers: '', services: '', queue: '', readiness: '', alerts: '' },
  overlay: 'none',
  details: null,
  dialog: null,
  flash: null,
  quitting: false,
};
