import type { Action } from '../actions/action.js';
import type { ActionGate } from '../actions/action-gate.js';
import type { DashboardActions } from '../ui/dashboard-actions.js';

/** Every action of `actions` through the server's one gate (one run per target at a time). */
export function gateActions(
  actions: DashboardActions,
  gate: ActionGate,
  by: string,
): DashboardActions {
  const wrap = <A extends unknown[]>(
    make: ((...args: A) => Action<unknown>) | undefined,
  ): ((...args: A) => Action<unknown>) | undefined =>
    make === undefined ? undefined : (...args: A) => gate.wrap(make(...args), by);
  const gated = {
    cleanupStuck: wrap(actions.cleanupStuck),
    restartContainer: wrap(actions.restartContainer),
    restartService: wrap(actions.restartService),
    testAlert: wrap(actions.testAlert),
    silenceAlerts: wrap(actions.silenceAlerts),
  };
  return Object.fromEntries(Object.entries(gated).filter(([, make]) => make !== undefined));
}
