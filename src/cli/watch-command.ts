import type { ResolvedConfig } from '../config/load-config.js';
import type { DashOptions } from './dash-command.js';
import { liveSession } from '../app/live-session.js';
import { runWatch } from './watch.js';

export interface WatchCommandOptions extends DashOptions {
  once?: boolean;
}

/** `jobdeck watch`: the compact panel for a tmux pane (read-only: it has no keys). */
export async function watchCommand(
  config: ResolvedConfig,
  options: WatchCommandOptions,
): Promise<number> {
  const { store } = liveSession({ ...config, readOnly: true });
  try {
    return await runWatch({
      store,
      color: options.color !== false,
      ascii: options.ascii === true || process.env.TERM === 'dumb',
      ...(options.once === true ? { once: true } : {}),
    });
  } finally {
    await store.close();
  }
}
