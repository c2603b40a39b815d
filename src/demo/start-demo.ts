import pg from 'pg';

import { startEmbeddedPostgres } from './embedded/embedded-server.js';
import { ensureDatabase } from './ensure-database.js';
import { loadSchema } from './load-schema.js';
import { HistoryStore } from '../sinks/history/history-store.js';
import { seedDemoTrends } from './seed-demo-trends.js';
import { seedHistory } from './seed-history.js';
import type { DemoFleet } from './start-demo-fleet.js';
import { startDemoFleet } from './start-demo-fleet.js';

export interface DemoOptions {
  /** The embedded cluster's data dir; reused (with its history) on the next run. */
  readonly dataDir: string;
  /** Aborting stops the fleet, then the server. */
  readonly signal: AbortSignal;
  readonly log?: (line: string) => void;
  /** Simulated time runs this many times faster. Default 1. */
  readonly speed?: number;
  /** The dashboard's history store: filled from the jobs when its last hour is empty. */
  readonly historyPath?: string;
  /** Run the replicas as real processes with their pid and log files here (see startDemoFleet). */
  readonly runDir?: string;
}

export interface Demo {
  /** The QFieldCloud database, `…/qfieldcloud_db` (contains a password: redact it). */
  readonly url: string;
  /** Stops the fleet, then the server. Idempotent; never rejects. */
  stop(): Promise<void>;
}

/** Upstream's default POSTGRES_DB. */
const DATABASE = 'qfieldcloud_db';

/**
 * `jobdeck demo`: an embedded PostgreSQL with QFieldCloud's schema, two days of
 * history on first start, and a simulated fleet working the queue.
 */
export async function startDemo(options: DemoOptions): Promise<Demo> {
  const log = options.log ?? (() => undefined);
  const server = await startEmbeddedPostgres({ dataDir: options.dataDir, log });
  let fleet: DemoFleet | undefined;
  let url: string;
  try {
    url = await ensureDatabase(server.url, DATABASE);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { created } = await loadSchema(client);
      const seeded = await seedHistory(client);
      if (created || seeded > 0) {
        log(`created the QFieldCloud schema and ${String(seeded)} jobs of history`);
      }
      if (options.historyPath !== undefined) {
        const store = HistoryStore.open(options.historyPath);
        try {
          const samples = await seedDemoTrends(client, store, Date.now());
          if (samples > 0) log(`Trends: ${String(samples)} samples of the last hour from core_job`);
        } finally {
          store.close();
        }
      }
    } finally {
      await client.end();
    }
    fleet = await startDemoFleet({
      url,
      signal: options.signal,
      log,
      ...(options.speed === undefined ? {} : { speed: options.speed }),
      ...(options.runDir === undefined ? {} : { runDir: options.runDir }),
    });
  } catch (error) {
    await server.stop();
    throw error;
  }

  const running = fleet;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await running.stop();
      await server.stop();
    })().catch((error: unknown) => {
      log(`stopping the demo failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    return stopping;
  };
  // The fleet stops itself on abort; the server has to follow it.
  if (options.signal.aborted) {
    await stop();
  } else {
    const onAbort = (): void => {
      // stop() never rejects and returns the one shared `stopping` promise.
      stopping = stop();
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
  }
  return { url, stop };
}
