import { existsSync } from 'node:fs';
import { appHistoryFromRows } from '../sinks/history/app-history-from-rows.js';
import { defaultStateDbPath } from '../sinks/history/default-state-db-path.js';
import { HistoryStore } from '../sinks/history/history-store.js';
import type { AppHistory } from '../store/app-snapshot.js';

/** Sparklines are full at once: the last hour the monitor recorded, if it ever ran here. */
export function readRecentHistory(now: number, path = defaultStateDbPath()): AppHistory | null {
  if (!existsSync(path)) return null;
  let store: HistoryStore;
  try {
    store = HistoryStore.open(path);
  } catch {
    return null;
  }
  try {
    const rows = store.loadRecent(now - 3_600_000);
    return rows.length === 0 ? null : appHistoryFromRows(rows, 300);
  } catch {
    // A history that cannot be read only leaves the charts to fill up live.
    return null;
  } finally {
    store.close();
  }
}
