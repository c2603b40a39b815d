import { AuditLog, currentActor } from '../actions/audit-log.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { runDashboard } from './dash.js';
import type { GlobalOptions } from './global-options.js';
import { liveSession } from '../app/live-session.js';

export interface DashOptions extends GlobalOptions {
  ascii?: boolean;
}

/** `jobdeck` / `jobdeck dash` (and the demo): the full-screen dashboard on a live session. */
export async function dashCommand(config: ResolvedConfig, options: DashOptions): Promise<number> {
  const { store, actions } = liveSession(config);
  try {
    return await runDashboard({
      store,
      actions,
      audit: new AuditLog(config.auditLog),
      actor: currentActor('dashboard'),
      ascii: options.ascii === true || process.env.TERM === 'dumb',
      color: options.color !== false,
      thresholds: config.thresholds,
    });
  } finally {
    await store.close();
  }
}
