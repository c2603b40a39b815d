import type { Action, Actor } from '../actions/action.js';
import type { AlertChannel } from '../actions/alerts/channels/alert-channel.js';
import { createAlertChannels } from '../actions/alerts/create-alert-channels.js';
import { resolveAlertChannels } from '../actions/alerts/resolve-alert-channels.js';
import { cleanupJobsAction } from '../actions/cleanup-jobs-action.js';
import { testAlertAction } from '../actions/test-alert-action.js';
import { currentActor } from '../actions/audit-log.js';
import { silenceFiringAction } from '../actions/silence-firing-action.js';
import { stateDbPathFor } from '../sinks/history/state-db-path-for.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { createRestarter } from './create-restarter.js';
import { errorLine } from '../shared/errors.js';
import type { AppStore } from '../store/app-store.js';
import { createStore } from './create-store.js';
import type { DashboardActions } from '../ui/dashboard-actions.js';
import { readMonitorAlerts } from './read-monitor-alerts.js';
import { readRecentHistory } from './read-recent-history.js';

/**
 * The store and the actions a live view (dashboard, watch, demo) works with. In
 * read-only mode no action is built, so the keys for them are neither bound nor listed.
 * `actionsFor` builds them for another actor over the same store (`jobdeck serve`: one
 * store, an operator's actions per session).
 */
export function liveSession(config: ResolvedConfig): {
  store: AppStore;
  actions: DashboardActions;
  actionsFor: (actor: Actor) => DashboardActions;
} {
  const statePath = stateDbPathFor(config);
  const { store, queue, provider } = createStore(config, {
    readAlerts: readMonitorAlerts(config, statePath),
    initialHistory: readRecentHistory(Date.now(), statePath),
  });
  if (config.readOnly) return { store, actions: {}, actionsFor: () => ({}) };
  // No console channel here: it would write over the dashboard. A channel enabled without
  // its secret is reported when `t` is pressed rather than keeping the dashboard from opening.
  let channels: AlertChannel[] = [];
  let channelError: string | null = null;
  try {
    channels = createAlertChannels(resolveAlertChannels(config.alerts), { console: null });
  } catch (error) {
    channelError = errorLine(error);
  }
  const restarter = createRestarter(config, provider, () => {
    const docker = store.getSnapshot().docker;
    return docker.status === 'ok' ? docker.data : null;
  });
  const actionsFor = (actor: Actor): DashboardActions => {
    const actions: {
      cleanupStuck?: () => Action<unknown>;
      restartContainer?: (containerId: string) => Action<unknown>;
      restartService?: (serviceKey: string) => Action<unknown>;
      testAlert?: () => Action<unknown>;
      silenceAlerts?: () => Action<unknown>;
    } = {};
    actions.silenceAlerts = () =>
      silenceFiringAction(
        statePath,
        3_600_000,
        actor.from === null ? actor.user : `${actor.user}@${actor.from}`,
      );
    actions.testAlert = () => testAlertAction(channels, config.target, channelError);
    if (queue !== null) actions.cleanupStuck = () => cleanupJobsAction(queue, 'stuck');
    if (restarter !== null) {
      actions.restartContainer = (id) => restarter.container(id);
      actions.restartService = (key) => restarter.service(key);
    }
    return actions;
  };
  return { store, actions: actionsFor(currentActor('dashboard')), actionsFor };
}
