/**
 * The `alerts:` config section, the effective channels derived from it and the
 * environment (the alert script's ALERT_WEBHOOK_URL / ALERT_EMAIL_PASSWORD), rule
 * overrides, and the `alert --config` printer with its secrets redacted.
 */
import { describe, expect, it } from 'vitest';
import { alertsConfigSchema } from '../../src/config/alerts-config-schema.js';
import { buildAlertRules } from '../../src/actions/alerts/build-alert-rules.js';
import { createAlertChannels } from '../../src/actions/alerts/create-alert-channels.js';
import { effectiveAlertingConfig } from '../../src/actions/alerts/effective-alerting-config.js';
import { resolveAlertChannels } from '../../src/actions/alerts/resolve-alert-channels.js';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import { ConfigError } from '../../src/shared/errors.js';

const HOOK = 'https://hooks.slack.com/services/T000/B000/XXXXsecretTOKEN';
const PASSWORD = 'hunter2-smtp-secret';
const env = { XDG_STATE_HOME: '/state' };
const emailSection = {
  host: 'smtp.example.com',
  user: 'alerts@example.com',
  from: 'jobdeck@example.com',
  to: 'ops@example.com',
};

describe('alerts config schema', () => {
  it('defaults: log and console on, webhook waiting for its variable, no e-mail', () => {
    const c = alertsConfigSchema.parse({});
    expect(c.enabled).toBe(true);
    expect(c.channels.log.enabled).toBe(true);
    expect(c.channels.webhook).toMatchObject({
      urlEnv: 'ALERT_WEBHOOK_URL',
      timeout: 5000,
      retries: 3,
    });
    expect(c.channels.email).toBeUndefined();
  });

  it('parses durations and a single recipient', () => {
    const c = alertsConfigSchema.parse({
      channels: { webhook: { timeout: '2s', backoff: 0.5 }, email: emailSection },
      rules: { 'queue-depth': { cooldown: '1h', for: 2 } },
    });
    expect(c.channels.webhook.timeout).toBe(2000);
    expect(c.channels.webhook.backoff).toBe(500);
    expect(c.channels.email?.to).toEqual(['ops@example.com']);
    expect(c.channels.email?.passwordEnv).toBe('ALERT_EMAIL_PASSWORD');
    expect(c.rules['queue-depth']?.cooldown).toBe(3_600_000);
  });

  it.each([
    [{ rules: { 'no-such-rule': {} } }, 'rules'],
    [{ channels: { webhook: { url: HOOK } } }, 'channels.webhook'],
    [{ channels: { webhook: { urlEnv: 'https://x' } } }, 'channels.webhook.urlEnv'],
    [{ channels: { email: { ...emailSection, to: 'not-an-address' } } }, 'channels.email.to'],
    [
      { rules: { 'queue-depth': { thresholds: { queueDepthWarn: -1 } } } },
      'rules.queue-depth.thresholds.queueDepthWarn',
    ],
    [
      { rules: { 'crash-loop': { thresholds: { crashLoopWindow: 'soon' } } } },
      'rules.crash-loop.thresholds.crashLoopWindow',
    ],
  ])('rejects %j at %s', (input, path) => {
    const result = alertsConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('resolveAlertChannels', () => {
  it('ALERT_WEBHOOK_URL alone enables the webhook channel with that URL', () => {
    const ch = resolveAlertChannels(undefined, { ...env, ALERT_WEBHOOK_URL: HOOK });
    expect(ch.webhook).toMatchObject({
      enabled: true,
      url: HOOK,
      reason: 'ALERT_WEBHOOK_URL is set',
    });
    expect(ch.log).toEqual({
      enabled: true,
      reason: 'default',
      path: '/state/jobdeck/alerts.jsonl',
    });
    expect(createAlertChannels(ch, { console: null }).map((c) => c.name)).toEqual([
      'log',
      'webhook',
    ]);
  });

  it('no URL: webhook off, and says why', () => {
    const ch = resolveAlertChannels(undefined, env);
    expect(ch.webhook).toEqual({
      enabled: false,
      reason: 'ALERT_WEBHOOK_URL is not set',
      urlEnv: 'ALERT_WEBHOOK_URL',
    });
  });

  it('reads the URL from a named variable; enabled: false wins over the variable', () => {
    const named = alertsConfigSchema.parse({ channels: { webhook: { urlEnv: 'CHAT_HOOK' } } });
    expect(resolveAlertChannels(named, { CHAT_HOOK: HOOK }).webhook.enabled).toBe(true);
    const off = alertsConfigSchema.parse({ channels: { webhook: { enabled: false } } });
    expect(resolveAlertChannels(off, { ALERT_WEBHOOK_URL: HOOK }).webhook.enabled).toBe(false);
  });

  it('enabled: true without the variable is a config error naming it', () => {
    const on = alertsConfigSchema.parse({ channels: { webhook: { enabled: true } } });
    expect(() => resolveAlertChannels(on, env)).toThrow(ConfigError);
    expect(() => resolveAlertChannels(on, env)).toThrow(/ALERT_WEBHOOK_URL is not set/);
  });

  it('rejects a webhook variable that is not an http(s) URL', () => {
    expect(() => resolveAlertChannels(undefined, { ALERT_WEBHOOK_URL: 'ftp://x/y' })).toThrow(
      ConfigError,
    );
  });

  it('e-mail: password from ALERT_EMAIL_PASSWORD, port from secure', () => {
    const c = alertsConfigSchema.parse({ channels: { email: emailSection } });
    const ch = resolveAlertChannels(c, { ALERT_EMAIL_PASSWORD: PASSWORD });
    expect(ch.email).toMatchObject({
      enabled: true,
      port: 587,
      requireTls: true,
      password: PASSWORD,
      to: ['ops@example.com'],
    });
    const tls = alertsConfigSchema.parse({
      channels: { email: { ...emailSection, secure: true, passwordEnv: 'SMTP_PW' } },
    });
    expect(resolveAlertChannels(tls, { SMTP_PW: PASSWORD }).email).toMatchObject({
      port: 465,
      password: PASSWORD,
    });
  });

  it('e-mail with a user but no password is a config error naming the variable', () => {
    const c = alertsConfigSchema.parse({ channels: { email: emailSection } });
    expect(() => resolveAlertChannels(c, {})).toThrow(/ALERT_EMAIL_PASSWORD is not set/);
  });

  it('alerts.enabled: false turns every channel and rule off', () => {
    const c = alertsConfigSchema.parse({ enabled: false, channels: { email: emailSection } });
    const ch = resolveAlertChannels(c, { ALERT_WEBHOOK_URL: HOOK });
    expect([ch.log.enabled, ch.console.enabled, ch.webhook.enabled, ch.email.enabled]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(buildAlertRules(c, thresholdsSchema.parse({}))).toEqual([]);
  });
});

describe('buildAlertRules overrides', () => {
  const thresholds = thresholdsSchema.parse({ memoryMb: 800, alertCooldown: '10m' });

  it('global thresholds reach the rules; overrides change one rule only', () => {
    const c = alertsConfigSchema.parse({
      rules: {
        'worker-memory': {
          severity: 'critical',
          for: 2,
          cooldown: '1h',
          thresholds: { memoryMb: 1024 },
        },
        'crash-loop': { enabled: false },
        'queue-depth': { thresholds: { queueDepthWarn: 50 } },
      },
    });
    const rules = buildAlertRules(c, thresholds);
    const byId = new Map(rules.map((r) => [r.id, r]));
    expect(byId.has('crash-loop')).toBe(false);
    expect(byId.get('worker-memory')).toMatchObject({
      severity: 'critical',
      forChecks: 2,
      cooldownMs: 3_600_000,
      threshold: '> 1024 MB',
    });
    // Overriding one threshold of a rule keeps the global values of the others.
    expect(byId.get('queue-depth')).toMatchObject({
      cooldownMs: 600_000,
      threshold: '> 50 waiting (clears < 5)',
    });
    expect(byId.get('worker-not-running')?.cooldownMs).toBe(600_000);
  });

  it('a rule override of workerFailedChecks sets its debounce', () => {
    const c = alertsConfigSchema.parse({
      rules: { 'worker-not-running': { thresholds: { workerFailedChecks: 5 } } },
    });
    expect(
      buildAlertRules(c, thresholds).find((r) => r.id === 'worker-not-running')?.forChecks,
    ).toBe(5);
  });
});

describe('effectiveAlertingConfig', () => {
  it('prints channels and rules, never the webhook token or the SMTP password', () => {
    const c = alertsConfigSchema.parse({ channels: { email: emailSection } });
    const ch = resolveAlertChannels(c, {
      ...env,
      ALERT_WEBHOOK_URL: HOOK,
      ALERT_EMAIL_PASSWORD: PASSWORD,
    });
    const text = effectiveAlertingConfig(ch, buildAlertRules(c, thresholdsSchema.parse({})), {
      now: 0,
      silences: [
        {
          id: 'ab12',
          ruleId: 'queue-depth',
          subject: null,
          until: 7_200_000,
          createdAt: 0,
          createdBy: 'ops',
          reason: 'migration',
        },
      ],
    });
    expect(text).not.toContain('XXXXsecretTOKEN');
    expect(text).not.toContain(PASSWORD);
    expect(text).toContain('webhook  on   POST https://hooks.slack.com/*** from ALERT_WEBHOOK_URL');
    expect(text).toContain('password from ALERT_EMAIL_PASSWORD (set)');
    expect(text).toContain('STARTTLS required');
    expect(text).toContain('log      on   /state/jobdeck/alerts.jsonl');
    expect(text).toMatch(/worker-not-running\s+critical\s+for 3 +check\(s\)\s+cooldown 30m/);
    expect(text).toContain(
      'ab12  queue-depth  until 1970-01-01T02:00:00.000Z (2h left)  migration',
    );
  });
});
