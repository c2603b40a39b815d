import { AlertStateStore } from '../actions/alerts/alert-state-store.js';
import { loadConfig } from '../data/config/load-config.js';
import { createDockerCollector } from '../data/docker/create-docker-collector.js';
import { errorLine } from '../data/errors.js';
import { defaultStateDbPath } from '../data/history/default-state-db-path.js';
import { HistoryStore } from '../data/history/history-store.js';
import { openStateDatabase } from '../data/history/open-state-database.js';
import { runHistorySampler } from '../data/history/run-history-sampler.js';
import { createQueueSource } from '../data/queue/create-queue-source.js';
import { runEvery } from '../data/scheduler.js';
import { AppStore } from '../data/store/app-store.js';
import { alerting } from './alerting.js';
import { configFlags, type GlobalOptions } from './global-options.js';

export interface MonitorOptions extends GlobalOptions {
  /** One check, then exit (cron, tests). */
  once?: boolean;
}

const DEFAULT_MONITOR_INTERVAL_MS = 60_000;

/** One journald-friendly line on stderr: no colour, no cursor movement. */
function log(line: string): void {
  process.stderr.write(`jobdeck monitor: ${line}\n`);
}

/**
 * `jobdeck monitor`: headless. Every interval (60 s, `--interval`) it refreshes every
 * source, evaluates the alert rules (debounce, cooldown, silences, resolved notices),
 * notifies the channels, and records history every minute. State survives restarts in
 * `$XDG_STATE_HOME/jobdeck/state.db`. SIGINT/SIGTERM stop it cleanly.
 */
export async function monitorCommand(options: MonitorOptions): Promise<number> {
  const config = loadConfig(configFlags(options));
  const intervalMs =
    options.interval === undefined ? DEFAULT_MONITOR_INTERVAL_MS : config.intervalMs;
  const db = openStateDatabase(defaultStateDbPath());
  const alertState = AlertStateStore.on(db);
  const history = HistoryStore.on(db);
  const { monitor, channels } = alerting(config, alertState);
  const store = new AppStore({
    config: { ...config, intervalMs },
    queue: createQueueSource(config),
    docker: createDockerCollector(config),
  });
  const controller = new AbortController();
  const stop = (): void => {
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  log(
    `checking ${config.target} every ${intervalMs / 1000}s; ${channels.length} alert channel(s): ${channels.map((c) => c.name).join(', ') || 'none'}`,
  );
  let checks = 0;
  const check = async (): Promise<void> => {
    const snapshot = await store.refreshOnce();
    const result = await monitor.check(snapshot, controller.signal);
    checks++;
    if (result.stateError !== null) log(`alert state not saved: ${result.stateError}`);
    for (const d of result.deliveries) if (!d.ok) log(`channel ${d.channel} failed: ${d.detail}`);
    if (options.once === true || checks === 1) {
      const active = result.evaluation.active;
      log(
        `check ${checks}: verdict ${snapshot.verdict ?? 'unknown'}, ${active.length} alert(s) firing${active.length === 0 ? '' : `: ${active.map((a) => a.ruleId).join(', ')}`}`,
      );
    }
  };
  try {
    if (options.once === true) {
      await check();
      return 0;
    }
    await Promise.all([
      runEvery(intervalMs, check, controller.signal, (error) => {
        log(`check failed: ${errorLine(error)}`);
      }),
      runHistorySampler({
        store: history,
        snapshot: store.getSnapshot,
        signal: controller.signal,
        onError: (error) => {
          log(`history not recorded: ${errorLine(error)}`);
        },
      }),
    ]);
    log('stopped');
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await store.close();
    db.close();
  }
}
