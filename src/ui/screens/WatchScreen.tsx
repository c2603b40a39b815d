import type { DashboardStore } from '../dashboard-store.js';
import { useClock } from '../hooks/use-clock.js';
import { useDebouncedWindowSize } from '../hooks/use-debounced-window-size.js';
import { useStoreSnapshot } from '../hooks/use-store-snapshot.js';
import { WatchPanel } from '../panels/WatchPanel.js';
import type { Theme } from '../theme.js';
import { ThemeContext } from '../theme-context.js';

export interface WatchScreenProps {
  readonly store: Pick<DashboardStore, 'subscribe' | 'getSnapshot'>;
  readonly theme: Theme;
}

/** `jobdeck watch` live: the watch panel over the store, as wide as the terminal. */
export function WatchScreen({ store, theme }: WatchScreenProps) {
  const snapshot = useStoreSnapshot(store, 1000);
  const { columns } = useDebouncedWindowSize(120);
  const now = useClock(Math.max(1000, snapshot.intervalMs), Date.now, snapshot);
  return (
    <ThemeContext value={theme}>
      <WatchPanel snapshot={snapshot} now={now} width={columns} />
    </ThemeContext>
  );
}
