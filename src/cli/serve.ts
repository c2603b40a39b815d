import { loadConfig } from '../config/load-config.js';
import { configFlags, type GlobalOptions } from './global-options.js';

export interface ServeOptions extends GlobalOptions {
  listen?: string;
  hostKey?: string;
}

/** `jobdeck serve`: the dashboard over SSH, per-key roles, one poller for everyone. */
export async function serveCommand(options: ServeOptions): Promise<number> {
  const config = loadConfig(configFlags(options));
  // Sessions are terminals, whatever the server's own stdout is (a journal): colours are
  // decided per session from its TERM, so the colour library must not switch them off.
  process.env.FORCE_COLOR ??= '2';
  const { runServe } = await import('../serve/run-serve.js');
  return runServe(config, {
    ...(options.listen === undefined ? {} : { listen: options.listen }),
    ...(options.hostKey === undefined ? {} : { hostKey: options.hostKey }),
  });
}
