import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useTheme } from '../hooks/use-theme.js';
import type { PanelStatus } from '../view-models/panel-status.js';

export interface PanelProps {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  /** Right side of the top border: a row count, the filter. */
  readonly right?: string;
  /** Frames the content: a message instead of it, or a failure line above the last data. */
  readonly status?: PanelStatus;
  readonly children?: ReactNode;
}

/**
 * A bordered box whose top border carries the title, so no line of the panel is spent
 * on it. The focused panel's border is in the accent colour and its title bracketed
 * (`[ Workers ]`), which also shows without colour.
 */
export function Panel({ title, width, height, focused, right, status, children }: PanelProps) {
  const theme = useTheme();
  const b = theme.border;
  const name = focused ? `[ ${title} ]` : ` ${title} `;
  const tail = right === undefined || right === '' ? '' : ` ${right} `;
  const room = Math.max(0, width - 3 - tail.length - 1);
  const head = name.length > room ? `${name.slice(0, Math.max(0, room - 1))}…` : name;
  const fill = Math.max(0, width - 2 - head.length - 1 - tail.length);
  const color = focused ? theme.accent : undefined;
  const inner = width - 2;
  let message: ReactNode = null;
  let showChildren = true;
  if (status !== undefined) {
    switch (status.kind) {
      case 'loading':
        message = <Text dimColor>loading…</Text>;
        showChildren = false;
        break;
      case 'off':
      case 'empty':
        message = (
          <Text dimColor wrap="truncate-end">
            {status.message}
          </Text>
        );
        showChildren = false;
        break;
      case 'failed':
        message = (
          <Text color={theme.level.fail} wrap="truncate-end">
            {`failed: ${status.error}${status.dataAge === null ? '' : ` (${status.dataAge})`}`}
          </Text>
        );
        showChildren = status.dataAge !== null;
        break;
      case 'ok':
        break;
    }
  }
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      <Text color={color} wrap="truncate-end">
        {b.topLeft}
        {b.horizontal}
        <Text bold={focused}>{head}</Text>
        {b.horizontal.repeat(fill)}
        <Text dimColor={!focused}>{tail}</Text>
        {b.topRight}
      </Text>
      <Box
        flexDirection="column"
        width={width}
        height={height - 1}
        borderStyle={theme.borderStyle}
        borderTop={false}
        borderColor={color}
        overflow="hidden"
      >
        <Box flexDirection="column" width={inner} overflow="hidden">
          {message}
          {showChildren ? children : null}
        </Box>
      </Box>
    </Box>
  );
}
