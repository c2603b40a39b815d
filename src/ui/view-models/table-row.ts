import type { Level } from './level.js';
import type { RowRef } from './row-ref.js';

export interface TableCell {
  readonly text: string;
  readonly level?: Level;
  readonly bold?: boolean;
  readonly dim?: boolean;
}

/** One row of a panel table; rows are selected by `id`, never by index (STYLE.md habit 7). */
export interface TableRow {
  readonly id: string;
  readonly cells: Readonly<Record<string, TableCell>>;
  /** Lower-case text the `/` filter matches against. */
  readonly search: string;
  /** Tree depth (services: 0 for a service, 1 for its containers). */
  readonly depth: number;
  readonly ref: RowRef;
}
