import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { errorLine } from '../../shared/errors.js';
import { StateDatabaseError } from './state-database-error.js';

/**
 * Opens (creating) the state database. WAL lets the dashboard read history while the
 * monitor writes; the busy timeout makes a second writer (`jobdeck silence` while the
 * monitor saves) wait instead of failing; `synchronous = NORMAL` is durable at every
 * checkpoint under WAL and keeps a once-a-minute sample cheap.
 */
export function openStateDatabase(path: string): DatabaseSync {
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const db = new DatabaseSync(path, { timeout: 5_000 });
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    return db;
  } catch (error) {
    throw new StateDatabaseError(
      `state database ${path}: cannot open (${errorLine(error)}); check the directory's permissions or XDG_STATE_HOME`,
      { cause: error },
    );
  }
}
