/** The fleet overview's rectangles, from the terminal size read once at the top. */
export type FleetLayout =
  | { readonly kind: 'too-small'; readonly width: number; readonly message: string }
  | {
      readonly kind: 'overview';
      readonly width: number;
      /** The whole frame, one row shorter than the terminal (see computeLayout). */
      readonly height: number;
      /** The targets' panel: the frame less the flash line and the two-line status bar. */
      readonly bodyHeight: number;
    };

const MIN_COLUMNS = 60;
const MIN_ROWS = 10;
const FOOTER = 3;

/**
 * The overview is one table, so it fits smaller terminals than the dashboard (80×24):
 * a tmux pane of 60×10 still lists five targets. Pure, like computeLayout.
 */
export function fleetLayout(columns: number, rows: number): FleetLayout {
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    return {
      kind: 'too-small',
      width: Math.max(1, columns),
      message: `terminal too small (need ${MIN_COLUMNS}×${MIN_ROWS}, have ${columns}×${rows})`,
    };
  }
  const height = rows - 1;
  return { kind: 'overview', width: columns, height, bodyHeight: height - FOOTER };
}
