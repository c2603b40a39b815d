import { Box, Text } from 'ink';
import type { Details } from '../view-models/detail-lines.js';
import { Panel } from './Panel.js';

export interface DetailsViewProps {
  /** Null when the row is no longer listed. */
  readonly details: Details | null;
  readonly width: number;
  readonly height: number;
}

/** Enter: the selected container's inspect summary, the job, or the check, in full. */
export function DetailsView({ details, width, height }: DetailsViewProps) {
  const labelWidth = Math.min(
    24,
    Math.max(8, ...(details?.lines ?? []).map(([label]) => label.length)) + 2,
  );
  return (
    <Panel
      title={details?.title ?? 'details'}
      width={width}
      height={height}
      focused
      right="Esc closes"
    >
      {details === null ? <Text dimColor>no longer listed</Text> : null}
      {details?.lines.map(([label, value], i) => (
        // Lines of one details view keep their order.
        <Box key={i} flexDirection="row">
          <Box width={labelWidth} flexShrink={0}>
            <Text bold>{label}</Text>
          </Box>
          <Text wrap="wrap">{value}</Text>
        </Box>
      ))}
    </Panel>
  );
}
