import type { SqliteConfig } from '../../../config/sqlite-config-schema.js';
import type { SqliteQueueSourceOptions } from './sqlite-queue-source-options.js';

/** Maps the parsed `sqlite` config section (plus the resolved path and global settings) to source options. */
export function sqliteOptionsFromConfig(
  config: SqliteConfig,
  context: {
    readonly path: string;
    readonly pathHint: string;
    readonly stuckAfterMs: number;
    readonly readOnly: boolean;
  },
): SqliteQueueSourceOptions {
  return {
    path: context.path,
    pathHint: context.pathHint,
    table: config.table,
    columns: config.columns,
    statuses: config.statuses,
    workers: config.workers,
    windowMs: config.window,
    stuckAfterMs: context.stuckAfterMs,
    staleHeartbeatMs: config.staleHeartbeat,
    activeHeartbeatMs: config.activeHeartbeat,
    staleWaitingMs: config.staleWaiting,
    recountEveryMs: config.recountEvery,
    busyTimeoutMs: config.busyTimeout,
    cleanupBusyTimeoutMs: config.cleanupBusyTimeout,
    readOnly: context.readOnly,
  };
}
