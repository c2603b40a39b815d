import type { AppStore } from '../store/app-store.js';

/** What the dashboard needs of the store: read it, subscribe, pause it. */
export type DashboardStore = Pick<AppStore, 'subscribe' | 'getSnapshot' | 'setPaused'>;
