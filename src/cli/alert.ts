import { AlertStateStore } from '../actions/alerts/alert-state-store.js';
import { buildAlertRules } from '../actions/alerts/build-alert-rules.js';
import { effectiveAlertingConfig } from '../actions/alerts/effective-alerting-config.js';
import { sendTestAlert } from '../actions/alerts/send-test-alert.js';
import { loadConfig } from '../config/load-config.js';
import { formatAge } from '../shared/format-age.js';
import { stateDbPathFor } from '../sinks/history/state-db-path-for.js';
import { createStore } from '../app/create-store.js';
import { alerting } from '../app/alerting.js';
import { configFlags, type GlobalOptions } from './global-options.js';

export interface AlertOptions extends GlobalOptions {
  test?: boolean;
  check?: boolean;
  showConfig?: boolean;
}

/**
 * `jobdeck alert`: `--test` sends a test alert on every enabled channel and prints each
 * result; `--check` evaluates the rules once and prints what is firing and what would
 * fire (nothing is sent or saved); `--show-config` prints the effective alerting config
 * with secrets redacted.
 */
export async function alertCommand(options: AlertOptions): Promise<number> {
  const config = loadConfig(configFlags(options));
  const stateStore = AlertStateStore.open(stateDbPathFor(config));
  try {
    const { channels, effective, monitor } = alerting(config, null);
    if (options.showConfig === true) {
      const rules = buildAlertRules(config.alerts, config.thresholds);
      process.stdout.write(
        `${effectiveAlertingConfig(effective, rules, { silences: stateStore.listSilences(Date.now()) })}\n`,
      );
      return 0;
    }
    if (options.check === true) {
      const { store } = createStore(config);
      try {
        const snapshot = await store.refreshOnce();
        const now = Date.now();
        monitor.engine.restoreState(stateStore.load(now));
        const evaluation = monitor.engine.evaluate(snapshot, now);
        for (const a of evaluation.active) {
          process.stdout.write(
            `FIRING   ${a.severity.padEnd(8)} ${a.ruleId} [${a.subject}] ${a.summary} (since ${formatAge((now - a.since) / 1000)})\n`,
          );
        }
        for (const p of evaluation.pending) {
          process.stdout.write(
            `PENDING  ${p.ruleId} [${p.subject}] ${p.checks}/${p.forChecks} checks\n`,
          );
        }
        for (const e of evaluation.fired)
          process.stdout.write(`WOULD SEND  ${e.ruleId} [${e.subject}] ${e.summary}\n`);
        if (evaluation.active.length + evaluation.pending.length === 0)
          process.stdout.write('no rule is in breach\n');
        return evaluation.active.some((a) => a.severity === 'critical')
          ? 2
          : evaluation.active.length > 0
            ? 1
            : 0;
      } finally {
        await store.close();
      }
    }
    if (options.test !== true) {
      process.stdout.write(
        'say what to do: --test, --check or --show-config (jobdeck alert --help)\n',
      );
      return 2;
    }
    if (channels.length === 0) {
      process.stdout.write('no alert channel is enabled (see alerts.channels in the README)\n');
      return 1;
    }
    const results = await sendTestAlert(channels, { target: config.target });
    for (const r of results) {
      process.stdout.write(
        `${r.ok ? 'ok  ' : 'FAIL'}  ${r.channel.padEnd(8)} ${r.detail} (${Math.round(r.elapsedMs)} ms, ${r.attempts} attempt${r.attempts === 1 ? '' : 's'})\n`,
      );
    }
    return results.every((r) => r.ok) ? 0 : 1;
  } finally {
    stateStore.close();
  }
}
