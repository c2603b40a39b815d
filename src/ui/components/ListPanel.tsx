import { Box, Text } from 'ink';
import type { PanelModel } from '../view-models/dashboard-model.js';
import { Panel } from './Panel.js';
import { Segments } from './Segments.js';
import { Table } from './Table.js';

export interface ListPanelProps {
  readonly title: string;
  readonly model: PanelModel;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  /** Where the summary lines go: above the table (Queue) or below it (Readiness verdict). */
  readonly linesBelow?: boolean;
  /** Shown instead of an empty table (`no stuck jobs`). */
  readonly noRows?: string;
}

/** A panel whose content is summary lines and a table of selectable rows. */
export function ListPanel({
  title,
  model,
  width,
  height,
  focused,
  linesBelow = false,
  noRows,
}: ListPanelProps) {
  const inner = width - 2;
  const failed = model.status.kind === 'failed';
  const statusLines = model.status.kind === 'ok' ? 0 : 1;
  const tableHeight = Math.max(0, height - 2 - statusLines - model.lines.length);
  const counts =
    model.filter === ''
      ? model.total === 0
        ? ''
        : String(model.total)
      : `/${model.filter} ${model.rows.length}/${model.total}`;
  const right = [model.note, counts].filter((x) => x !== null && x !== '').join(' · ');
  const lines = model.lines.map((segments, i) => (
    // Summary lines have a fixed order per panel.
    <Segments key={i} segments={segments} dim={failed} />
  ));
  const table =
    model.total === 0 && noRows !== undefined ? (
      <Text dimColor>{noRows}</Text>
    ) : model.columns.length === 0 || tableHeight < 2 ? null : (
      <Table
        columns={model.columns}
        rows={model.rows}
        width={inner}
        height={tableHeight}
        selectedId={model.selectedId}
        focused={focused}
        dim={failed}
      />
    );
  return (
    <Panel
      title={title}
      width={width}
      height={height}
      focused={focused}
      status={model.status}
      right={right}
    >
      <Box flexDirection="column">
        {linesBelow ? null : lines}
        {table}
        {linesBelow ? lines : null}
      </Box>
    </Panel>
  );
}
