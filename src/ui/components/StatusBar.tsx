import { Text } from 'ink';
import type { Segment } from '../view-models/segment.js';
import { Segments } from './Segments.js';

export interface StatusBarProps {
  readonly segments: readonly Segment[];
  readonly hints: string;
}

/** Target, verdict, data ages, interval, READ-ONLY and PAUSED; then the key hints. */
export function StatusBar({ segments, hints }: StatusBarProps) {
  return (
    <>
      <Segments segments={segments} />
      <Text dimColor wrap="truncate-end">
        {hints}
      </Text>
    </>
  );
}
