import type { AppSnapshot } from '../../../src/store/app-snapshot.js';
import type { DashboardStore } from '../../../src/ui/dashboard-store.js';

/** A store holding built snapshots; `set` publishes like a collector would. */
export class TestStore implements DashboardStore {
  private snapshot: AppSnapshot;
  private readonly listeners = new Set<() => void>();

  constructor(initial: AppSnapshot) {
    this.snapshot = initial;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): AppSnapshot => this.snapshot;

  setPaused(paused: boolean): void {
    this.set({ ...this.snapshot, paused });
  }

  /** Subscribers: the dashboard unsubscribes when it unmounts (quits). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  set(next: AppSnapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}
