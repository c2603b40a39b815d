import type { TableColumn } from './table-column.js';

/** A table column with the usual defaults: left-aligned, not growing. */
export function column(
  key: string,
  header: string,
  min: number,
  priority: number,
  extra: Partial<Pick<TableColumn, 'grow' | 'align'>> = {},
): TableColumn {
  return { key, header, min, priority, grow: 0, align: 'left', ...extra };
}
