import type { AppSnapshot } from '../store/app-snapshot.js';
import type { DashboardStore } from './dashboard-store.js';

/**
 * Every target's store as one store of snapshots, for the fleet overview's one
 * useSyncExternalStore: hooks cannot be called once per target. The array is the
 * same object until one of the stores publishes, as useSyncExternalStore requires.
 */
export class FleetSnapshots {
  private last: readonly AppSnapshot[];

  constructor(
    private readonly stores: readonly Pick<DashboardStore, 'subscribe' | 'getSnapshot'>[],
  ) {
    this.last = stores.map((s) => s.getSnapshot());
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    const offs = this.stores.map((s) => s.subscribe(listener));
    return () => {
      for (const off of offs) off();
    };
  };

  readonly getSnapshot = (): readonly AppSnapshot[] => {
    const next = this.stores.map((s) => s.getSnapshot());
    if (next.every((s, i) => s === this.last[i])) return this.last;
    this.last = next;
    return next;
  };
}
