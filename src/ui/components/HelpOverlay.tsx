import { Box, Text } from 'ink';
import type { DashboardActions } from '../dashboard-actions.js';
import { useTheme } from '../hooks/use-theme.js';
import { keymap } from '../keymap.js';
import { helpSections } from '../view-models/help-sections.js';
import { Panel } from './Panel.js';

export interface HelpOverlayProps {
  readonly actions: DashboardActions;
  readonly width: number;
  readonly height: number;
  /** Several targets are open: list the fleet keys too. */
  readonly inFleet?: boolean;
}

interface Line {
  readonly key: string;
  readonly title?: string;
  readonly keys?: string;
  readonly description?: string;
  readonly dangerous?: boolean;
}

/**
 * `?`: every live key, from the keymap; action keys are absent in read-only mode, the
 * fleet keys when one target is open.
 */
export function HelpOverlay({ actions, width, height, inFleet = false }: HelpOverlayProps) {
  const theme = useTheme();
  const lines: Line[] = [];
  for (const section of helpSections(keymap, actions, theme.ascii, inFleet)) {
    if (lines.length > 0) lines.push({ key: `gap-${section.title}` });
    lines.push({ key: `title-${section.title}`, title: section.title });
    for (const row of section.rows) {
      lines.push({ key: `${section.title}-${row.keys}`, ...row });
    }
  }
  const room = Math.max(1, height - 2);
  const columns = Math.max(1, Math.ceil(lines.length / room));
  const keysWidth = Math.min(16, Math.max(...lines.map((l) => l.keys?.length ?? 0)) + 3);
  const inner = width - 2;
  // Columns as wide as their longest line when they fit, else shrunk in proportion.
  const needed = Array.from({ length: columns }, (_, c) =>
    Math.max(
      ...lines
        .slice(c * room, (c + 1) * room)
        .map((l) =>
          l.title !== undefined ? l.title.length + 1 : keysWidth + (l.description?.length ?? 0) + 2,
        ),
    ),
  );
  const total = needed.reduce((a, b) => a + b, 0);
  const widths = needed.map((n) => (total <= inner ? n : Math.floor((n * inner) / total)));
  return (
    <Panel title="Keys" width={width} height={height} focused right="? or Esc closes">
      <Box flexDirection="row">
        {Array.from({ length: columns }, (_, c) => (
          <Box key={c} flexDirection="column" width={widths[c]} paddingRight={1}>
            {lines.slice(c * room, (c + 1) * room).map((l) =>
              l.title !== undefined ? (
                <Text key={l.key} bold color={theme.accent}>
                  {l.title}
                </Text>
              ) : l.keys === undefined ? (
                <Text key={l.key}> </Text>
              ) : (
                <Text key={l.key} wrap="truncate-end">
                  <Text bold color={l.dangerous === true ? theme.level.warn : undefined}>
                    {`  ${l.keys}`.padEnd(keysWidth)}
                  </Text>
                  {l.description}
                </Text>
              ),
            )}
          </Box>
        ))}
      </Box>
    </Panel>
  );
}
