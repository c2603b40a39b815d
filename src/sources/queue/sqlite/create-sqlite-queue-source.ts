import { SqliteQueueSource } from './sqlite-queue-source.js';
import type { SqliteQueueSourceOptions } from './sqlite-queue-source-options.js';

/**
 * The `sqlite` queue source. Nothing is opened until the first read, so a missing file
 * is reported by that read (one line, through the store) rather than at startup; a bad
 * identifier in the mapping throws a ConfigError here.
 */
export function createSqliteQueueSource(options: SqliteQueueSourceOptions): SqliteQueueSource {
  return new SqliteQueueSource(options);
}
