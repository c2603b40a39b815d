import { formatAge } from '../../shared/format-age.js';
import { redactSecrets } from '../../shared/redact.js';
import type { AlertRule } from './alert-rule.js';
import type { AlertSilence } from './alert-silence.js';
import type { EffectiveAlertChannels } from './effective-alert-channels.js';

const pad = (text: string, width: number): string => text.padEnd(width);

/**
 * `jobdeck alert --config`: channels (on/off and why, where they deliver), rules with
 * their effective severity, debounce, cooldown and threshold, and active silences.
 * Secrets never appear: the webhook shows its origin and the variable it came from, the
 * password only whether its variable is set; the whole text passes redaction as well.
 */
export function effectiveAlertingConfig(
  channels: EffectiveAlertChannels,
  rules: readonly AlertRule[],
  options: { silences?: readonly AlertSilence[]; now?: number } = {},
): string {
  const lines: string[] = ['channels:'];
  const row = (name: string, on: boolean, where: string, why: string): void => {
    lines.push(
      `  ${pad(name, 8)} ${pad(on ? 'on' : 'off', 4)} ${where}${where === '' ? '' : '  '}(${why})`,
    );
  };
  row('log', channels.log.enabled, channels.log.path, channels.log.reason);
  row(
    'console',
    channels.console.enabled,
    channels.console.enabled ? 'stderr' : '',
    channels.console.reason,
  );
  const w = channels.webhook;
  if (w.enabled) {
    let origin = '***';
    try {
      origin = `${new URL(w.url).origin}/***`;
    } catch {
      // Validated when resolved; keep the mask.
    }
    row(
      'webhook',
      true,
      `POST ${origin} from ${w.urlEnv}, timeout ${formatAge(w.timeoutMs / 1000)}, ${w.retries} retries, backoff ${formatAge(w.backoffMs / 1000)}`,
      w.reason,
    );
  } else {
    row('webhook', false, '', w.reason);
  }
  const e = channels.email;
  if (e.enabled) {
    const tls = e.secure ? 'TLS' : e.requireTls ? 'STARTTLS required' : 'STARTTLS if offered';
    const auth =
      e.user === null
        ? 'no auth'
        : `user ${e.user}, password from ${e.passwordEnv} (${e.password === null ? 'not set' : 'set'})`;
    row(
      'email',
      true,
      `${e.to.join(', ')} from ${e.from} via ${e.host}:${e.port} (${tls}${e.insecureTls ? ', any certificate' : ''}), ${auth}`,
      e.reason,
    );
  } else {
    row('email', false, '', e.reason);
  }

  lines.push('rules:');
  if (rules.length === 0) lines.push('  (none: alerts are disabled)');
  const idWidth = Math.max(0, ...rules.map((r) => r.id.length));
  for (const r of rules) {
    lines.push(
      `  ${pad(r.id, idWidth)}  ${pad(r.severity, 8)}  for ${pad(String(r.forChecks), 2)} check(s)  cooldown ${pad(formatAge(r.cooldownMs / 1000), 6)}  ${r.threshold}`,
    );
  }
  const now = options.now ?? Date.now();
  const silences = (options.silences ?? []).filter((s) => s.until > now);
  if (silences.length > 0) {
    lines.push('silences:');
    for (const s of silences) {
      lines.push(
        `  ${s.id}  ${s.ruleId}${s.subject === null ? '' : ` ${s.subject}`}  until ${new Date(s.until).toISOString()} (${formatAge((s.until - now) / 1000)} left)${s.reason === null ? '' : `  ${s.reason}`}`,
      );
    }
  }
  return redactSecrets(lines.join('\n'));
}
