import { errorLine } from '../../shared/errors.js';
import type { AppSnapshot } from '../../store/app-snapshot.js';
import type { AlertCheckResult } from './alert-check-result.js';
import { AlertEngine } from './alert-engine.js';
import type { AlertRule } from './alert-rule.js';
import type { AlertStateStore } from './alert-state-store.js';
import type { AlertChannel } from './channels/alert-channel.js';
import { dispatchAlerts } from './channels/dispatch-alerts.js';

export interface AlertMonitorOptions {
  readonly rules: readonly AlertRule[];
  readonly channels: readonly AlertChannel[];
  /** Null: state lives in memory only (the dashboard without a state file, tests). */
  readonly store: AlertStateStore | null;
  readonly now?: () => number;
  /** Upper bound per channel and dispatch, ms. */
  readonly channelTimeoutMs?: number;
}

/**
 * Engine + persistence + channels, for `jobdeck monitor` (and the dashboard's Alerts
 * panel): restores the saved state at construction, and on each `check` re-reads the
 * silences, evaluates, saves, then dispatches.
 *
 * The state is saved BEFORE dispatching: a monitor killed while a webhook retries then
 * loses that notice rather than sending it again after the restart, which is the
 * promise made to operators (no duplicate inside a cooldown). The log channel is local
 * and effectively instant, so the notice is still on disk.
 */
export class AlertMonitor {
  readonly engine: AlertEngine;
  private readonly now: () => number;

  constructor(private readonly options: AlertMonitorOptions) {
    this.engine = new AlertEngine(options.rules);
    this.now = options.now ?? Date.now;
    if (options.store !== null) this.engine.restoreState(options.store.load(this.now()));
  }

  async check(snapshot: AppSnapshot, signal?: AbortSignal): Promise<AlertCheckResult> {
    const at = this.now();
    const store = this.options.store;
    let stateError: string | null = null;
    // A locked or broken state file must not silence alerting: evaluate and notify
    // anyway (with the silences last read) and report the problem in the result.
    try {
      if (store !== null) this.engine.setSilences(store.listSilences(at));
    } catch (error) {
      stateError = `reading silences: ${errorLine(error)}`;
    }
    const evaluation = this.engine.evaluate(snapshot, at);
    try {
      store?.save(this.engine.getState());
    } catch (error) {
      const line = `saving alert state: ${errorLine(error)}`;
      stateError = stateError === null ? line : `${stateError}; ${line}`;
    }
    const deliveries = await dispatchAlerts(
      this.options.channels,
      [...evaluation.fired, ...evaluation.resolved],
      {
        ...(this.options.channelTimeoutMs === undefined
          ? {}
          : { timeoutMs: this.options.channelTimeoutMs }),
        ...(signal === undefined ? {} : { signal }),
      },
    );
    return { at, evaluation, deliveries, stateError };
  }
}
