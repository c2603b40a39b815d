import { join, resolve } from 'node:path';
import { ConfigError } from '../../shared/errors.js';
import { registerSecret } from '../../shared/redact.js';
import { stateDir } from '../../shared/state-dir.js';
import { alertsConfigSchema, type AlertsConfig } from '../../config/alerts-config-schema.js';
import type { EffectiveAlertChannels } from './effective-alert-channels.js';

type Env = Readonly<Record<string, string | undefined>>;

const set = (value: string | undefined): value is string => value !== undefined && value !== '';

/**
 * Config (`alerts:`, or none at all) + environment → the effective channels. Operators
 * of the existing alert script keep their environment: `ALERT_WEBHOOK_URL` alone turns
 * the webhook on, `ALERT_EMAIL_PASSWORD` is the SMTP password. Secrets read here are
 * registered for redaction. Throws ConfigError when a channel is switched on explicitly
 * but its secret is missing, or a password-less user is configured.
 */
export function resolveAlertChannels(
  config: AlertsConfig | undefined,
  env: Env = process.env,
  cwd = process.cwd(),
): EffectiveAlertChannels {
  const c = config ?? alertsConfigSchema.parse({});
  const ch = c.channels;

  const logPath =
    ch.log.path === undefined ? join(stateDir(env), 'alerts.jsonl') : resolve(cwd, ch.log.path);
  const log = {
    enabled: c.enabled && ch.log.enabled,
    reason: !c.enabled ? 'alerts.enabled: false' : ch.log.enabled ? 'default' : 'enabled: false',
    path: logPath,
  };
  const console = {
    enabled: c.enabled && ch.console.enabled,
    reason: !c.enabled
      ? 'alerts.enabled: false'
      : ch.console.enabled
        ? 'default'
        : 'enabled: false',
  };

  const w = ch.webhook;
  const url = env[w.urlEnv];
  if (set(url)) registerSecret(url);
  let webhook: EffectiveAlertChannels['webhook'];
  if (!c.enabled || w.enabled === false) {
    webhook = {
      enabled: false,
      reason: c.enabled ? 'enabled: false' : 'alerts.enabled: false',
      urlEnv: w.urlEnv,
    };
  } else if (!set(url)) {
    if (w.enabled === true) {
      throw new ConfigError(
        `alerts.channels.webhook: enabled but ${w.urlEnv} is not set; export ${w.urlEnv}=<webhook URL> or set enabled: false`,
      );
    }
    webhook = { enabled: false, reason: `${w.urlEnv} is not set`, urlEnv: w.urlEnv };
  } else {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError(`${w.urlEnv}: not a URL; expected https://…`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ConfigError(`${w.urlEnv}: expected an http:// or https:// URL`);
    }
    webhook = {
      enabled: true,
      reason: w.enabled === true ? 'enabled: true' : `${w.urlEnv} is set`,
      urlEnv: w.urlEnv,
      url,
      timeoutMs: w.timeout,
      retries: w.retries,
      backoffMs: w.backoff,
    };
  }

  const e = ch.email;
  let email: EffectiveAlertChannels['email'];
  if (e === undefined) {
    email = { enabled: false, reason: 'no alerts.channels.email section' };
  } else if (!c.enabled || e.enabled === false) {
    email = { enabled: false, reason: c.enabled ? 'enabled: false' : 'alerts.enabled: false' };
  } else {
    const password = env[e.passwordEnv];
    if (set(password)) registerSecret(password);
    if (e.user !== undefined && !set(password)) {
      throw new ConfigError(
        `alerts.channels.email: user ${e.user} but ${e.passwordEnv} is not set; export the SMTP password as ${e.passwordEnv}`,
      );
    }
    email = {
      enabled: true,
      reason: 'alerts.channels.email',
      passwordEnv: e.passwordEnv,
      host: e.host,
      port: e.port ?? (e.secure ? 465 : 587),
      secure: e.secure,
      requireTls: e.requireTls,
      insecureTls: e.insecureTls,
      user: e.user ?? null,
      password: set(password) ? password : null,
      from: e.from,
      to: e.to,
      subjectPrefix: e.subjectPrefix,
      timeoutMs: e.timeout,
    };
  }
  return { log, console, webhook, email };
}
