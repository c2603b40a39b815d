import type { DashboardScope } from '../keymap.js';
import type { UiState } from './ui-state.js';

/** Which scope takes keys now: a dialog over everything, then the open overlay. */
export function inputScope(state: UiState): DashboardScope {
  if (state.dialog !== null) {
    return state.dialog.phase === 'confirm' && state.dialog.confirmWord !== null
      ? 'typed-confirm'
      : 'confirm';
  }
  switch (state.overlay) {
    case 'help':
      return 'help';
    case 'details':
      return 'details';
    case 'filter':
      return 'filter';
    case 'none':
      return 'dashboard';
  }
}
