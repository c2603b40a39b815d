import { ALERT_RULE_IDS } from '../config/alert-rule-ids.js';
import { AlertStateStore } from '../actions/alerts/alert-state-store.js';
import { currentActor } from '../actions/audit-log.js';
import { parseDuration } from '../config/duration.js';
import { ConfigError } from '../shared/errors.js';
import { formatAge } from '../shared/format-age.js';
import { loadConfig } from '../config/load-config.js';
import { stateDbPathFor } from '../sinks/history/state-db-path-for.js';
import { configFlags, type GlobalOptions } from './global-options.js';

export interface SilenceOptions extends GlobalOptions {
  for?: string;
  subject?: string;
  reason?: string;
  list?: boolean;
  remove?: boolean;
}

/**
 * `jobdeck silence <rule> --for 2h [--subject S] [--reason R]`, `--list`, and
 * `--remove <id|rule>`. Silences live in the state database, so a running monitor
 * picks them up at its next check and they survive restarts. With several targets, each
 * has its own state (`--target` picks which; the file's first by default).
 */
export function silenceCommand(rule: string | undefined, options: SilenceOptions): number {
  const store = AlertStateStore.open(stateDbPathFor(loadConfig(configFlags(options))));
  try {
    const now = Date.now();
    if (options.list === true || rule === undefined) {
      const silences = store.listSilences(now);
      if (silences.length === 0) process.stdout.write('no silences\n');
      for (const s of silences) {
        process.stdout.write(
          `${s.id}  ${s.ruleId}${s.subject === null ? '' : ` [${s.subject}]`}  ${formatAge((s.until - now) / 1000)} left${s.reason === null ? '' : `  ${s.reason}`}\n`,
        );
      }
      return 0;
    }
    if (options.remove === true) {
      const n = store.removeSilence(rule);
      process.stdout.write(`removed ${n} silence${n === 1 ? '' : 's'}\n`);
      return n > 0 ? 0 : 1;
    }
    if (rule !== '*' && !(ALERT_RULE_IDS as readonly string[]).includes(rule)) {
      throw new ConfigError(
        `no alert rule "${rule}": rules are ${ALERT_RULE_IDS.join(', ')} (or * for all)`,
      );
    }
    const ms = parseDuration(options.for ?? '');
    if (ms === null || ms <= 0)
      throw new ConfigError(
        `--for ${options.for ?? '(missing)'}: expected a duration like 30m or 2h`,
      );
    const actor = currentActor('cli');
    store.addSilence({
      ruleId: rule,
      subject: options.subject ?? null,
      until: now + ms,
      now,
      createdBy: actor.from === null ? actor.user : `${actor.user}@${actor.from}`,
      reason: options.reason ?? null,
    });
    process.stdout.write(
      `silenced ${rule}${options.subject === undefined ? '' : ` [${options.subject}]`} for ${formatAge(ms / 1000)}\n`,
    );
    return 0;
  } finally {
    store.close();
  }
}
