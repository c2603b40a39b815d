import { Box, Text } from 'ink';
import { Panel } from '../components/Panel.js';
import { useTheme } from '../hooks/use-theme.js';
import type { TrendModel } from '../view-models/trend-model.js';

export interface TrendsPanelProps {
  readonly model: TrendModel;
  readonly width: number;
  readonly height: number;
}

/** Sparklines or asciichart charts of the store's history; gaps stay blank. */
export function TrendsPanel({ model, width, height }: TrendsPanelProps) {
  const theme = useTheme();
  const right = model.kind === 'empty' ? '' : `${model.step}/column`;
  return (
    <Panel
      title="Trends"
      width={width}
      height={height}
      focused={false}
      right={right}
      status={model.kind === 'empty' ? { kind: 'empty', message: model.message } : { kind: 'ok' }}
    >
      {model.kind === 'sparklines'
        ? model.lines.map((line, i) => (
            // One line per fixed group of series.
            <Text key={i} wrap="truncate-end">
              {line}
            </Text>
          ))
        : null}
      {model.kind === 'charts'
        ? model.rows.map((row, r) => (
            <Box key={r} flexDirection="row" columnGap={2}>
              {row.map((chart) => (
                <Box
                  key={chart.title}
                  flexDirection="column"
                  width={chart.width}
                  height={chart.height}
                >
                  <Text wrap="truncate-end">
                    <Text bold>{chart.title}</Text>
                    <Text color={theme.accent}>{` ${chart.latest}`}</Text>
                  </Text>
                  {chart.note === null ? null : (
                    <Text dimColor wrap="truncate-end">
                      {chart.note}
                    </Text>
                  )}
                  {chart.lines.map((line, i) => (
                    // Chart lines are positional.
                    <Text key={i} wrap="truncate-end">
                      {line}
                    </Text>
                  ))}
                </Box>
              ))}
            </Box>
          ))
        : null}
    </Panel>
  );
}
