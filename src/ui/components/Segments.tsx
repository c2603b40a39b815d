import { Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import type { Segment } from '../view-models/segment.js';

/** One line of coloured pieces, cut at the box edge. */
export function Segments({
  segments,
  dim = false,
}: {
  readonly segments: readonly Segment[];
  /** Dims every piece (the last data of a failed source). */
  readonly dim?: boolean;
}) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end">
      {segments.map((s, i) => (
        <Text
          // Segments of a line never reorder, so the index is a stable key.
          key={i}
          color={s.level === undefined ? undefined : theme.level[s.level]}
          dimColor={dim || s.dim === true}
          bold={s.bold === true}
          inverse={s.inverse === true}
        >
          {s.text}
        </Text>
      ))}
    </Text>
  );
}
