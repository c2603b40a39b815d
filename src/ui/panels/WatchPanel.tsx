import { Box } from 'ink';
import type { AppSnapshot } from '../../store/app-snapshot.js';
import { Segments } from '../components/Segments.js';
import { useTheme } from '../hooks/use-theme.js';
import { watchLines } from '../view-models/watch-lines.js';

export interface WatchPanelProps {
  readonly snapshot: AppSnapshot;
  readonly now: number;
  readonly width: number;
}

/** The compact `jobdeck watch` panel (at most 7 lines). */
export function WatchPanel({ snapshot, now, width }: WatchPanelProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width}>
      {watchLines(snapshot, now, width, theme.ascii).map((segments, i) => (
        // The watch panel's lines are positional.
        <Segments key={i} segments={segments} />
      ))}
    </Box>
  );
}
