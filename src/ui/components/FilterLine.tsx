import { Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';

export interface FilterLineProps {
  readonly panel: string;
  readonly filter: string;
}

/** `/`: the focused panel's filter being edited; rows narrow as you type. */
export function FilterLine({ panel, filter }: FilterLineProps) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end">
      <Text color={theme.accent}>{`filter ${panel}: /`}</Text>
      {filter}▌<Text dimColor>{'   Enter keeps it, Esc drops it'}</Text>
    </Text>
  );
}
