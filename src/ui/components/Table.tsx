import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { fitColumns } from '../view-models/fit-columns.js';
import { pageStart } from '../view-models/page-start.js';
import type { TableColumn } from '../view-models/table-column.js';
import type { TableRow } from '../view-models/table-row.js';

export interface TableProps {
  readonly columns: readonly TableColumn[];
  /** Only ids and cells are drawn (the fleet overview's rows have no RowRef). */
  readonly rows: readonly Pick<TableRow, 'id' | 'cells'>[];
  readonly width: number;
  /** Lines for the header and the rows. */
  readonly height: number;
  readonly selectedId: string | null;
  readonly focused: boolean;
  /** Last good data of a failed source. */
  readonly dim?: boolean;
}

/**
 * Cuts or pads a cell to its column. Lengths are UTF-16 units: a wide character (CJK,
 * emoji) in a log line can push the cells after it, and Ink still cuts the line at the
 * box edge, so at worst the last column is shortened.
 */
function pad(text: string, width: number, align: 'left' | 'right'): string {
  const cut = text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
  return align === 'right' ? cut.padStart(width) : cut.padEnd(width);
}

/**
 * Our own small table. @alcalzone/ink-table (the maintained ESM fork of ink-table) sizes
 * every column to its longest cell and draws grid lines; the panels need fixed column
 * widths that fit the layout, dropping low-priority columns on narrow terminals,
 * truncation of long cells (log lines), a highlighted selected row, and paging
 * that keeps the selection visible — so a table of Boxes and Texts it is.
 */
export function Table({
  columns,
  rows,
  width,
  height,
  selectedId,
  focused,
  dim = false,
}: TableProps) {
  const theme = useTheme();
  const fitted = fitColumns(columns, width);
  const visible = Math.max(0, height - 1);
  const selectedIndex = Math.max(
    0,
    rows.findIndex((r) => r.id === selectedId),
  );
  const start = pageStart(rows.length, selectedIndex, visible);
  const shown = rows.slice(start, start + visible);
  return (
    <Box flexDirection="column" width={width}>
      <Text dimColor bold wrap="truncate-end">
        {fitted.map((c) => pad(c.header, c.width, c.align)).join(' ')}
      </Text>
      {shown.map((row) => {
        const selected = focused && row.id === selectedId;
        return (
          <Text key={row.id} wrap="truncate-end" inverse={selected}>
            {fitted.map((c, i) => {
              const cell = row.cells[c.key];
              const text = pad(cell?.text ?? '', c.width, c.align);
              const level = cell?.level;
              return (
                <Text
                  key={c.key}
                  color={level === undefined ? undefined : theme.level[level]}
                  bold={cell?.bold === true}
                  dimColor={dim || cell?.dim === true}
                >
                  {i === 0 ? text : ` ${text}`}
                </Text>
              );
            })}
          </Text>
        );
      })}
    </Box>
  );
}
