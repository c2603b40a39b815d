export interface TableColumn {
  readonly key: string;
  readonly header: string;
  /** Width below which the column is dropped rather than squeezed. */
  readonly min: number;
  /** Share of the spare width this column takes (0: stays at `min`). */
  readonly grow: number;
  readonly align: 'left' | 'right';
  /** When the width runs out, the lowest priority goes first. */
  readonly priority: number;
  /** Filled in by fitColumns. */
  readonly width?: number;
}
