import type { Action } from '../actions/action.js';

/**
 * The actions the dashboard may offer, built by the caller (the UI never constructs
 * them: it has no Docker client or database). In read-only mode the caller passes none,
 * and the keys that need them are neither bound nor listed.
 */
export interface DashboardActions {
  /** Mark the stuck jobs failed (never deletes). */
  readonly cleanupStuck?: () => Action<unknown>;
  /** Restart one container, by id. */
  readonly restartContainer?: (containerId: string) => Action<unknown>;
  /** Restart every replica of a compose service, by `project/service`. */
  readonly restartService?: (serviceKey: string) => Action<unknown>;
  /** Send a test alert on every enabled channel. */
  readonly testAlert?: () => Action<unknown>;
  /** Silence the alerts the monitor has firing (for an hour). */
  readonly silenceAlerts?: () => Action<unknown>;
}
