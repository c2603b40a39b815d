import type { AppSnapshot } from '../../store/app-snapshot.js';
import type { Level } from '../view-models/level.js';
import type { ListPanelId } from '../view-models/list-panel-id.js';

/** A confirmation dialog: `preparing` while the action's preview is read. */
export interface DialogState {
  readonly phase: 'preparing' | 'confirm';
  /** Names the target: `restart container qfieldcloud-worker_wrapper-1`. */
  readonly title: string;
  readonly summary: string;
  readonly details: readonly string[];
  /** Set: the user types this word and Enter; null: y/n. */
  readonly confirmWord: string | null;
  readonly typed: string;
  /** The snapshot the screen shows while the dialog is open: rows stop moving. */
  readonly frozen: AppSnapshot;
}

/** The UI's own state (focus, selection by id, overlays); the data is the store's. */
export interface UiState {
  readonly focus: ListPanelId;
  readonly selected: Readonly<Record<ListPanelId, string | null>>;
  readonly filters: Readonly<Record<ListPanelId, string>>;
  readonly overlay: 'none' | 'help' | 'details' | 'filter';
  readonly details: { readonly panel: ListPanelId; readonly id: string } | null;
  readonly dialog: DialogState | null;
  readonly flash: { readonly text: string; readonly level: Level; readonly id: number } | null;
  /** q was pressed while an action runs: quit when it is done. */
  readonly quitting: boolean;
}
