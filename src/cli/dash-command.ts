import { AuditLog, currentActor } from '../actions/audit-log.js';
import { loadConfig, type ResolvedConfig } from '../config/load-config.js';
import { runDashboard } from './dash.js';
import { configFlags, type GlobalOptions } from './global-options.js';
import { liveSession } from '../app/live-session.js';

export interface DashOptions extends GlobalOptions {
  ascii?: boolean;
}

/** One target's live session for the dashboard: its store, actions and audit log. */
function targetSession(config: ResolvedConfig) {
  const { store, actions } = liveSession(config);
  return {
    name: config.target,
    store,
    actions,
    audit: new AuditLog(config.auditLog),
    thresholds: config.thresholds,
  };
}

/**
 * `jobdeck` / `jobdeck dash` (and the demo): the full-screen dashboard on a live session.
 * A config file with several targets and no `--target` (or JOBDECK_TARGET) opens them
 * all under the fleet overview: one live session per target, each config loaded as
 * `jobdeck status` loads them, with its own actions and audit log. Every store is
 * closed at the end.
 */
export async function dashCommand(config: ResolvedConfig, options: DashOptions): Promise<number> {
  const look = {
    actor: currentActor('dashboard'),
    ascii: options.ascii === true || process.env.TERM === 'dumb',
    color: options.color !== false,
  };
  const first = targetSession(config);
  const sessions = [first];
  try {
    if (config.targetChosen || config.targets.length < 2) {
      return await runDashboard({ ...look, ...first });
    }
    // No target chosen: `config` is the file's first. The others one by one, in the
    // file's order, so that one whose config fails to load still closes those before it.
    for (const target of config.targets.filter((t) => t !== config.target)) {
      sessions.push(targetSession(loadConfig({ ...configFlags(options), target })));
    }
    return await runDashboard({ ...look, targets: [first, ...sessions.slice(1)] });
  } finally {
    await Promise.all(sessions.map((s) => s.store.close()));
  }
}
