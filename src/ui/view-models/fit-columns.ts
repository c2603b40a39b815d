import type { TableColumn } from './table-column.js';

/**
 * Gives each column a width so the row fits `width` (columns separated by `gap`):
 * drops the lowest-priority columns until the minimum widths fit, then shares the rest
 * by `grow`. Order is kept.
 */
export function fitColumns(
  columns: readonly TableColumn[],
  width: number,
  gap = 1,
): (TableColumn & { readonly width: number })[] {
  let kept = [...columns];
  const needed = (cols: readonly TableColumn[]): number =>
    cols.reduce((sum, c) => sum + c.min, 0) + gap * Math.max(0, cols.length - 1);
  while (kept.length > 1 && needed(kept) > width) {
    const lowest = kept.reduce((low, c) => (c.priority < low.priority ? c : low));
    kept = kept.filter((c) => c !== lowest);
  }
  const spare = Math.max(0, width - needed(kept));
  const growSum = kept.reduce((sum, c) => sum + c.grow, 0);
  let given = 0;
  const lastGrowing = kept.map((c) => c.grow > 0).lastIndexOf(true);
  return kept.map((c, i) => {
    let extra = growSum === 0 ? 0 : Math.floor((spare * c.grow) / growSum);
    if (i === lastGrowing) extra = spare - given;
    given += extra;
    return { ...c, width: Math.min(width, c.min + extra) };
  });
}
