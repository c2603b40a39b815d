import { existsSync } from 'node:fs';
import { AlertStateStore } from '../actions/alerts/alert-state-store.js';
import { buildAlertRules } from '../actions/alerts/build-alert-rules.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { join } from 'node:path';
import { resolveAlertChannels } from '../actions/alerts/resolve-alert-channels.js';
import { HealingPause } from '../actions/healing/healing-pause.js';
import { stateDir } from '../shared/state-dir.js';
import { readAlertLog } from './read-alert-log.js';
import { defaultStateDbPath } from '../sinks/history/default-state-db-path.js';
import type { AlertsView } from '../store/alerts-view.js';
import { readCapacityAdvice } from '../sinks/history/read-capacity-advice.js';

/** Re-read at most this often: the monitor checks every minute. */
const EVERY_MS = 10_000;

/**
 * The dashboard's view of the monitor: the alerts firing in its saved state, the active
 * silences, the maintenance pause. Read, never written: the monitor is the one writer
 * (a second engine here would fire on a 2 s cadence and double the notices).
 */
export function readMonitorAlerts(
  config: ResolvedConfig,
  path = defaultStateDbPath(),
): (now: number) => AlertsView | null {
  const severity = new Map(
    buildAlertRules(config.alerts, config.thresholds).map((r) => [r.id, r.severity]),
  );
  const pause = new HealingPause();
  let logPath = join(stateDir(), 'alerts.jsonl');
  try {
    logPath = resolveAlertChannels(config.alerts).log.path;
  } catch {
    // A channel enabled without its secret: the log path is still the default's.
  }
  let last: { at: number; view: AlertsView | null } | null = null;
  // A week of history changes slowly: its verdict is recomputed every ten minutes.
  let capacity: { at: number; value: AlertsView['capacity'] } | null = null;
  return (now) => {
    if (last !== null && now - last.at < EVERY_MS) return last.view;
    let view: AlertsView | null = null;
    if (existsSync(path)) {
      const store = AlertStateStore.open(path);
      try {
        const state = store.load(now);
        view = {
          firing: state.subjects
            .filter((s) => s.firing)
            .map((s) => ({
              ruleId: s.ruleId,
              severity: severity.get(s.ruleId) ?? 'warning',
              subject: s.subject,
              summary: s.summary,
              since: s.since,
            })),
          silences: state.silences.length,
          healingPausedUntil: pause.pausedUntil(now),
          recent: readAlertLog(logPath),
          capacity: (() => {
            if (capacity === null || now - capacity.at > 600_000) {
              const advice = readCapacityAdvice(config, path);
              capacity = {
                at: now,
                value: advice === null ? null : { verdict: advice.verdict, action: advice.action },
              };
            }
            return capacity.value;
          })(),
        };
      } finally {
        store.close();
      }
    }
    last = { at: now, view };
    return view;
  };
}
