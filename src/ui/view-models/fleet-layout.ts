import { tooSmallLayout, type TooSmallLayout } from './too-small-layout.js';

/** The fleet overview's rectangles, from the terminal size read once at the top. */
export type FleetLayout =
  | TooSmallLayout
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
  const tooSmall = tooSmallLayout(columns, rows, MIN_COLUMNS, MIN_ROWS);
  if (tooSmall !== null) return tooSmall;
  const height = rows - 1;
  return { kind: 'overview', width: columns, height, bodyHeight: height - FOOTER };
}
