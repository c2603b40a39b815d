import type { TableRow } from './table-row.js';

/**
 * Rows matching the `/` filter: every word of it appears in the row's text, any case.
 * A matching child keeps its parent row (a container keeps its service) so the tree
 * still reads.
 */
export function filterRows(rows: readonly TableRow[], filter: string): readonly TableRow[] {
  const words = filter
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return rows;
  const matches = (row: TableRow): boolean => words.every((w) => row.search.includes(w));
  const keep = new Set<number>();
  let parent = -1;
  rows.forEach((row, i) => {
    if (row.depth === 0) parent = i;
    if (!matches(row)) return;
    keep.add(i);
    if (row.depth > 0 && parent >= 0) keep.add(parent);
  });
  return rows.filter((_, i) => keep.has(i));
}
