import pg from 'pg';
import type { QueryResultRow } from 'pg';

/**
 * One PostgreSQL session of a simulated process (a worker_wrapper replica, the app's
 * cron, the API inserting jobs). Each holds its own backend, so the simulated workers
 * really run concurrent transactions. A connection that breaks (server restart,
 * terminated backend) is dropped and the next use reconnects.
 */
export class DemoConnection {
  readonly #url: string;
  readonly #applicationName: string;
  readonly #log: (line: string) => void;
  #pending: Promise<pg.Client> | null = null;

  constructor(url: string, applicationName: string, log: (line: string) => void) {
    this.#url = url;
    this.#applicationName = applicationName;
    this.#log = log;
  }

  /** The connected client, connecting first if needed. Rejects when unreachable. */
  client(): Promise<pg.Client> {
    if (this.#pending === null) {
      const pending = this.#connect(() => {
        if (this.#pending === pending) this.#pending = null;
      });
      this.#pending = pending;
    }
    return this.#pending;
  }

  async query<R extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    const client = await this.client();
    return (await client.query<R>(sql, params)).rows;
  }

  /** Ends the session (a worker "process" exiting). Never rejects. */
  async close(): Promise<void> {
    const pending = this.#pending;
    this.#pending = null;
    if (pending === null) return;
    try {
      await (await pending).end();
    } catch {
      // Already broken or never connected: nothing left to close.
    }
  }

  async #connect(forget: () => void): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.#url,
      application_name: this.#applicationName,
      connectionTimeoutMillis: 5_000,
      // A hung server must not hang a stopping fleet.
      query_timeout: 15_000,
    });
    // Without a listener, a dropped connection would crash the whole process.
    client.on('error', (error) => {
      this.#log(`${this.#applicationName}: connection lost: ${error.message}`);
      forget();
    });
    client.on('end', forget);
    try {
      await client.connect();
    } catch (error) {
      forget();
      throw error;
    }
    return client;
  }
}
