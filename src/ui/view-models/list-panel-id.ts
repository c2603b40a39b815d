import type { PanelId } from './panel-id.js';

/** The panels with rows to select, filter and act on. */
export type ListPanelId = Exclude<PanelId, 'trends'>;
