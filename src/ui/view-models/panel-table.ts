import type { TableColumn } from './table-column.js';
import type { TableRow } from './table-row.js';

/** The rows of a panel and the columns they fill. */
export interface PanelTable {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly TableRow[];
}
