import type { AppSnapshot } from '../store/app-snapshot.js';

/** What the dashboard needs of the store: read it, subscribe, pause it (AppStore fits). */
export interface DashboardStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): AppSnapshot;
  setPaused(paused: boolean): void;
}
