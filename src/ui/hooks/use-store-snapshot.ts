import { useMemo, useSyncExternalStore } from 'react';
import type { AppSnapshot } from '../../store/app-snapshot.js';
import type { DashboardStore } from '../dashboard-store.js';

/**
 * The store's snapshot (STYLE.md habit 3: the UI reads the store, it never fetches);
 * or any store of that shape (FleetSnapshots: every target's).
 *
 * With `throttleMs`, store changes re-render at most that often (the last change always
 * lands): the Docker collector publishes every stats sample of every container, and each
 * frame costs cursor movement on top of what changed, which over SSH adds up (issue 4:
 * ≤ 1 KB per refresh). Keys re-render at once and read the newest snapshot anyway.
 */
export function useStoreSnapshot<T = AppSnapshot>(
  store: Pick<DashboardStore, 'subscribe'> & { readonly getSnapshot: () => T },
  throttleMs = 0,
): T {
  const subscribe = useMemo(() => {
    if (throttleMs <= 0) return store.subscribe;
    return (listener: () => void): (() => void) => {
      let last = 0;
      let timer: NodeJS.Timeout | undefined;
      const notify = (): void => {
        timer = undefined;
        last = Date.now();
        listener();
      };
      const unsubscribe = store.subscribe(() => {
        if (timer !== undefined) return;
        const wait = last + throttleMs - Date.now();
        if (wait <= 0) notify();
        else timer = setTimeout(notify, wait);
      });
      return () => {
        if (timer !== undefined) clearTimeout(timer);
        unsubscribe();
      };
    };
  }, [store, throttleMs]);
  return useSyncExternalStore(subscribe, store.getSnapshot);
}
