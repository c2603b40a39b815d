import { AlertStateStore } from '../actions/alerts/alert-state-store.js';
import { AuditLog, currentActor } from '../actions/audit-log.js';
import { emptyHealingState } from '../actions/healing/healing-state.js';
import { planHealing } from '../actions/healing/plan-healing.js';
import { runHealing } from '../actions/healing/run-healing.js';
import { createRestarter } from '../app/create-restarter.js';
import { HealingPause } from '../actions/healing/healing-pause.js';
import { loadConfig } from '../config/load-config.js';
import { errorLine } from '../shared/errors.js';
import { stateDbPathFor } from '../sinks/history/state-db-path-for.js';
import { HistoryStore } from '../sinks/history/history-store.js';
import { openStateDatabase } from '../sinks/history/open-state-database.js';
import { runHistorySampler } from '../sinks/history/run-history-sampler.js';
import { createStore } from '../app/create-store.js';
import { monitorDockerConfig } from '../app/monitor-docker-config.js';
import { runEvery } from '../shared/scheduler.js';
import { alerting } from '../app/alerting.js';
import { configFlags, type GlobalOptions } from './global-options.js';

export interface MonitorOptions extends GlobalOptions {
  /** One check, then exit (cron, tests). */
  once?: boolean;
  /** Alerts only: no self-healing. */
  passive?: boolean;
  /** Serve Prometheus metrics on host:port. */
  metricsListen?: string;
}

/** Default restart budget: 3 restarts per service per hour (issue 7). */
const RESTART_BUDGET = 3;
const BUDGET_WINDOW_MS = 3_600_000;
const STALE_WAITING_MS = 86_400_000;
/** The same as the `workers-idle` alert rule's default. */
const IDLE_AFTER_MS = 120_000;

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
  const db = openStateDatabase(stateDbPathFor(config));
  const alertState = AlertStateStore.on(db);
  const history = HistoryStore.on(db);
  const { monitor, channels } = alerting(config, alertState);
  const dockerConfig =
    config.docker === null ? null : monitorDockerConfig(config.docker, intervalMs);
  const { store, queue, provider } = createStore({ ...config, intervalMs, docker: dockerConfig });
  const healing = options.passive !== true && !config.readOnly;
  const restarter = healing
    ? createRestarter(config, provider, () => {
        const docker = store.getSnapshot().docker;
        return docker.status === 'ok' ? docker.data : null;
      })
    : null;
  const pause = new HealingPause();
  const audit = new AuditLog(config.auditLog);
  const actor = currentActor('monitor');
  let healingState = emptyHealingState;
  // prom-client only for --metrics-listen (issue 14: load only what the command uses).
  const metrics =
    options.metricsListen === undefined
      ? null
      : new (await import('../sinks/metrics/monitor-metrics.js')).MonitorMetrics(config.target);
  const metricsServer =
    metrics === null || options.metricsListen === undefined
      ? null
      : await metrics.listen(options.metricsListen);
  if (options.metricsListen !== undefined)
    log(`metrics on http://${options.metricsListen}/metrics`);
  const controller = new AbortController();
  const stop = (): void => {
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Started by a parent over IPC (jobdeck demo): it goes when the parent goes, even a
  // parent that could not stop it.
  process.once('disconnect', stop);
  log(
    `checking ${config.target} every ${intervalMs / 1000}s; ${channels.length} alert channel(s): ${channels.map((c) => c.name).join(', ') || 'none'}; self-healing ${healing ? 'on' : config.readOnly ? 'off (read-only)' : 'off (--passive)'}`,
  );
  let checks = 0;
  const check = async (): Promise<void> => {
    const snapshot = await store.refreshOnce();
    const result = await monitor.check(snapshot, controller.signal);
    checks++;
    if (result.stateError !== null) log(`alert state not saved: ${result.stateError}`);
    metrics?.update(snapshot, result.evaluation.active);
    if (healing) {
      const plan = planHealing(
        snapshot,
        healingState,
        {
          thresholds: config.thresholds,
          restartBudget: RESTART_BUDGET,
          budgetWindowMs: BUDGET_WINDOW_MS,
          staleWaitingMs: STALE_WAITING_MS,
          cleanupKinds: queue?.cleanupKinds() ?? [],
          idleAfterMs: IDLE_AFTER_MS,
        },
        Date.now(),
      );
      healingState = plan.state;
      const pausedUntil = pause.pausedUntil(Date.now());
      if (pausedUntil !== null && plan.intents.length > 0) {
        log(
          `healing paused (maintenance) ${Number.isFinite(pausedUntil) ? `until ${new Date(pausedUntil).toISOString()}` : 'until jobdeck resume'}: ${plan.intents.length} action(s) skipped`,
        );
      } else if (plan.intents.length > 0) {
        await runHealing(plan.intents, {
          restart: restarter === null ? null : (id) => restarter.named(id),
          queue,
          audit,
          actor,
          channels,
          target: config.target,
          log,
        });
        for (const intent of plan.intents) metrics?.healed(intent.kind);
      }
    }
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
    process.off('disconnect', stop);
    // An open IPC channel would keep this process alive after the stop.
    if (process.connected) process.disconnect();
    await store.close();
    db.close();
    metricsServer?.close();
  }
}
