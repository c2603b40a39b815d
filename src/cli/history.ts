import { parseDuration } from '../config/duration.js';
import { ConfigError } from '../shared/errors.js';
import { loadConfig } from '../config/load-config.js';
import { stateDbPathFor } from '../sinks/history/state-db-path-for.js';
import { configFlags, type GlobalOptions } from './global-options.js';
import { HistoryStore } from '../sinks/history/history-store.js';

export interface HistoryOptions extends GlobalOptions {
  csv?: boolean;
  since?: string;
}

/** `jobdeck history --csv [--since 7d]`: the sampled history as `timestamp,queue_depth,…`. */
export async function historyCommand(options: HistoryOptions): Promise<number> {
  const since = parseDuration(options.since ?? '7d');
  if (since === null)
    throw new ConfigError(`--since ${options.since ?? ''}: expected a duration like 24h or 7d`);
  if (options.csv !== true) throw new ConfigError('history: pass --csv (the only format for now)');
  const store = HistoryStore.open(stateDbPathFor(loadConfig(configFlags(options))));
  // `jobdeck history --csv | head`: a reader that has seen enough is not an error.
  const onClosedPipe = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  };
  process.stdout.on('error', onClosedPipe);
  try {
    const rows = await store.exportCsv(Date.now() - since, process.stdout);
    if (rows === 0)
      process.stderr.write('jobdeck: no history yet: jobdeck monitor records it every minute\n');
    return 0;
  } finally {
    process.stdout.off('error', onClosedPipe);
    store.close();
  }
}
