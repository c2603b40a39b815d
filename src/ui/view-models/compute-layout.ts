import type { ListPanelId } from './list-panel-id.js';
import type { PanelId } from './panel-id.js';
import { tooSmallLayout, type TooSmallLayout } from './too-small-layout.js';

/** One rectangle of the body: a panel, or tabs when `panels` has more (the focused one shows). */
export interface LayoutSlot {
  readonly panels: readonly PanelId[];
  readonly width: number;
  readonly height: number;
}

export interface LayoutRow {
  readonly height: number;
  readonly slots: readonly LayoutSlot[];
}

export type Layout =
  | TooSmallLayout
  | {
      readonly kind: 'dashboard';
      readonly tier: 'compact' | 'standard' | 'wide';
      readonly width: number;
      /** The whole frame: body rows + flash line + status bar; always < terminal rows. */
      readonly height: number;
      readonly body: readonly LayoutRow[];
      /** Lines under the body: the flash line and the two-line status bar. */
      readonly footerHeight: number;
      /** Tab / Shift-Tab order over the panels that have rows. */
      readonly focusOrder: readonly ListPanelId[];
    };

const MIN_COLUMNS = 80;
const MIN_ROWS = 24;
const FOOTER = 3;

/** Splits `total` in proportion to `weights`, the remainder to the last part. */
function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  const used = parts.reduce((a, b) => a + b, 0);
  parts[parts.length - 1] = (parts[parts.length - 1] ?? 0) + total - used;
  return parts;
}

function row(
  height: number,
  width: number,
  panels: readonly (readonly PanelId[])[],
  weights: readonly number[],
): LayoutRow {
  const widths = split(width, weights);
  return {
    height,
    slots: panels.map((p, i) => ({ panels: p, width: widths[i] ?? 0, height })),
  };
}

/**
 * The one place that turns the terminal size into rectangles (STYLE.md habit 8). Pure:
 * panels get their widths and heights as props, so every size is testable.
 *
 * The busiest panels sit at the right edge (Queue right of Readiness, Trends right of
 * Services): Ink rewrites a changed line from the first changed cell to its end, so a
 * number changing at the right costs a few bytes, not the rest of the line.
 *
 * The frame is one row shorter than the terminal: Ink clears and repaints the whole
 * screen whenever a frame is as tall as the terminal, which would turn every refresh
 * into a full redraw over SSH.
 */
export function computeLayout(columns: number, rows: number): Layout {
  const tooSmall = tooSmallLayout(columns, rows, MIN_COLUMNS, MIN_ROWS);
  if (tooSmall !== null) return tooSmall;
  const height = rows - 1;
  const body = height - FOOTER;
  const focusOrder: ListPanelId[] = ['workers', 'services', 'alerts', 'queue', 'readiness'];

  if (columns >= 180 && rows >= 50) {
    // Wide: queue, readiness and services side by side; workers and trends full width.
    const top = 13;
    const trends = Math.max(12, Math.floor((body - top) * 0.45));
    const workers = body - top - trends;
    return {
      kind: 'dashboard',
      tier: 'wide',
      width: columns,
      height,
      footerHeight: FOOTER,
      focusOrder,
      body: [
        row(top, columns, [['readiness'], ['queue'], ['services', 'alerts']], [6, 7, 7]),
        row(workers, columns, [['workers']], [1]),
        row(trends, columns, [['trends']], [1]),
      ],
    };
  }
  if (columns >= 120 && rows >= 32) {
    // Standard: workers full width (their last log line needs it); services beside trends.
    const top = 10;
    const rest = body - top;
    const workers = Math.max(8, Math.floor(rest * 0.45));
    return {
      kind: 'dashboard',
      tier: 'standard',
      width: columns,
      height,
      footerHeight: FOOTER,
      focusOrder,
      body: [
        row(top, columns, [['readiness'], ['queue']], [1, 1]),
        row(workers, columns, [['workers']], [1]),
        row(rest - workers, columns, [['services', 'alerts'], ['trends']], [2, 3]),
      ],
    };
  }
  // Compact (80×24 and up): workers and services share one slot as tabs; sparklines.
  const top = 8;
  const trends = 4;
  return {
    kind: 'dashboard',
    tier: 'compact',
    width: columns,
    height,
    footerHeight: FOOTER,
    focusOrder,
    body: [
      row(top, columns, [['readiness'], ['queue']], [3, 4]),
      row(body - top - trends, columns, [['workers', 'services', 'alerts']], [1]),
      row(trends, columns, [['trends']], [1]),
    ],
  };
}
