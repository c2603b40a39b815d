import { AlertMonitor } from '../actions/alerts/alert-monitor.js';
import type { AlertStateStore } from '../actions/alerts/alert-state-store.js';
import { buildAlertRules } from '../actions/alerts/build-alert-rules.js';
import type { AlertChannel } from '../actions/alerts/channels/alert-channel.js';
import { createAlertChannels } from '../actions/alerts/create-alert-channels.js';
import { resolveAlertChannels } from '../actions/alerts/resolve-alert-channels.js';
import type { ResolvedConfig } from '../config/load-config.js';

/** Rules and channels from the config, and the monitor that ties them to the state store. */
export function alerting(
  config: ResolvedConfig,
  store: AlertStateStore | null,
): {
  monitor: AlertMonitor;
  channels: AlertChannel[];
  effective: ReturnType<typeof resolveAlertChannels>;
} {
  const effective = resolveAlertChannels(config.alerts);
  const channels = createAlertChannels(effective, {});
  const rules = buildAlertRules(config.alerts, config.thresholds);
  return { monitor: new AlertMonitor({ rules, channels, store }), channels, effective };
}
