/** What a screen shows in a terminal below its minimum size: one line that says so. */
export interface TooSmallLayout {
  readonly kind: 'too-small';
  readonly width: number;
  readonly message: string;
}

/** The too-small layout when `columns`×`rows` is below the minimum, else null. Pure. */
export function tooSmallLayout(
  columns: number,
  rows: number,
  minColumns: number,
  minRows: number,
): TooSmallLayout | null {
  if (columns >= minColumns && rows >= minRows) return null;
  return {
    kind: 'too-small',
    width: Math.max(1, columns),
    message: `terminal too small (need ${minColumns}×${minRows}, have ${columns}×${rows})`,
  };
}
