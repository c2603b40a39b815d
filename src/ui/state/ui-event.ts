import type { AppSnapshot } from '../../store/app-snapshot.js';
import type { Level } from '../view-models/level.js';
import type { ListPanelId } from '../view-models/list-panel-id.js';

/** Everything that changes the UI state; see uiReducer. */
export type UiEvent =
  | { readonly type: 'focus'; readonly order: readonly ListPanelId[]; readonly delta: 1 | -1 }
  | { readonly type: 'select'; readonly panel: ListPanelId; readonly id: string | null }
  | { readonly type: 'open-help' }
  | { readonly type: 'close-help' }
  | { readonly type: 'open-details'; readonly panel: ListPanelId; readonly id: string }
  | { readonly type: 'close-details' }
  | { readonly type: 'open-filter' }
  | { readonly type: 'filter-text'; readonly text: string }
  | { readonly type: 'filter-erase' }
  | { readonly type: 'filter-apply' }
  | { readonly type: 'filter-cancel' }
  | { readonly type: 'clear-filter' }
  | { readonly type: 'dialog-open'; readonly title: string; readonly frozen: AppSnapshot }
  | {
      readonly type: 'dialog-preview';
      readonly summary: string;
      readonly details: readonly string[];
      readonly confirmWord: string | null;
    }
  | { readonly type: 'dialog-type'; readonly text: string }
  | { readonly type: 'dialog-erase' }
  | { readonly type: 'dialog-close' }
  | { readonly type: 'flash'; readonly text: string; readonly level: Level }
  | { readonly type: 'flash-expire'; readonly id: number }
  | { readonly type: 'quit' };
