import { z } from 'zod';
import { thresholdsSchema } from './thresholds-schema.js';
import { durationSchema } from './duration-schema.js';
import { ALERT_RULE_IDS } from './alert-rule-ids.js';

/*
 * The `alerts:` section of the config file. Secrets (the webhook URL, the SMTP
 * password) are never written here: the config names the environment variable that
 * holds them (DESIGN.md "Configuration"). `resolveAlertChannels` turns this plus the
 * environment into the effective channels.
 */

const duration = durationSchema;

const envName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'expected the NAME of an environment variable, e.g. ALERT_WEBHOOK_URL',
  );

const email = z.email('expected an e-mail address like ops@example.com');

// The extra thresholds only alert rules use (defaults in build-alert-rules.ts).
const extraThresholds = {
  /** Crash loop: this many restarts by the engine's restart policy… */
  crashLoopRestarts: z.number().int().min(1),
  /** …within this window. */
  crashLoopWindow: duration,
  /** Workers idle while jobs wait: the oldest waiting job must be at least this old. */
  idleAfter: duration,
  /** Failure rate: ignore the rate until this many jobs completed in the window. */
  failureRateMinJobs: z.number().int().min(1),
  /** Stale heartbeat: a worker silent longer than this and holding no job is gone, not stale. */
  heartbeatForgetAfter: duration,
};

// Per-rule overrides carry no defaults: zod 4's `.partial()` keeps them, which would
// silently reset the global thresholds to their defaults for every overridden rule.
const g = thresholdsSchema.shape;
const thresholdOverridesSchema = z.strictObject({
  workerFailedChecks: g.workerFailedChecks.unwrap().optional(),
  memoryMb: g.memoryMb.unwrap().optional(),
  stuckAfter: g.stuckAfter.unwrap().optional(),
  queueDepthWarn: g.queueDepthWarn.unwrap().optional(),
  queueDepthGood: g.queueDepthGood.unwrap().optional(),
  failureRateCritical: g.failureRateCritical.unwrap().optional(),
  staleHeartbeat: g.staleHeartbeat.unwrap().optional(),
  deadHeartbeat: g.deadHeartbeat.unwrap().optional(),
  alertCooldown: g.alertCooldown.unwrap().optional(),
  crashLoopRestarts: extraThresholds.crashLoopRestarts.optional(),
  crashLoopWindow: extraThresholds.crashLoopWindow.optional(),
  idleAfter: extraThresholds.idleAfter.optional(),
  failureRateMinJobs: extraThresholds.failureRateMinJobs.optional(),
  heartbeatForgetAfter: extraThresholds.heartbeatForgetAfter.optional(),
});

const ruleOverrideSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Consecutive checks in breach before the rule fires. */
  for: z.number().int().min(1).max(1000).optional(),
  cooldown: duration.optional(),
  severity: z.enum(['warning', 'critical']).optional(),
  thresholds: thresholdOverridesSchema.optional(),
});

const logChannelSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** JSONL file; default $XDG_STATE_HOME/jobdeck/alerts.jsonl. */
  path: z.string().min(1).optional(),
});

const consoleChannelSchema = z.strictObject({
  enabled: z.boolean().default(true),
});

const webhookChannelSchema = z.strictObject({
  /** Unset: on exactly when the URL variable is set (`ALERT_WEBHOOK_URL` alone enables it). */
  enabled: z.boolean().optional(),
  urlEnv: envName.default('ALERT_WEBHOOK_URL'),
  /** Per attempt. */
  timeout: duration.default(5_000),
  /** Attempts after the first one (network error, timeout, 429 or 5xx). */
  retries: z.number().int().min(0).max(10).default(3),
  /** Wait before the first retry; doubles each retry. */
  backoff: duration.default(1_000),
});

const emailChannelSchema = z.strictObject({
  /** Unset: on when this section exists. */
  enabled: z.boolean().optional(),
  host: z.string().min(1),
  /** Default 465 with `secure`, else 587. */
  port: z.number().int().min(1).max(65535).optional(),
  /** Implicit TLS from the first byte (port 465). */
  secure: z.boolean().default(false),
  /** Without `secure`: insist on STARTTLS, so credentials never cross in plain text. */
  requireTls: z.boolean().default(true),
  /** Accept self-signed certificates (a relay on the same host). */
  insecureTls: z.boolean().default(false),
  user: z.string().min(1).optional(),
  /** The SMTP password's variable; `ALERT_EMAIL_PASSWORD` like the existing alert script. */
  passwordEnv: envName.default('ALERT_EMAIL_PASSWORD'),
  from: email,
  to: z.union([email.transform((a) => [a]), z.array(email).min(1)]),
  subjectPrefix: z.string().default('[jobdeck]'),
  timeout: duration.default(15_000),
});

export const alertsConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  channels: z
    .strictObject({
      log: logChannelSchema.default({ enabled: true }),
      console: consoleChannelSchema.default({ enabled: true }),
      webhook: webhookChannelSchema.default({
        urlEnv: 'ALERT_WEBHOOK_URL',
        timeout: 5_000,
        retries: 3,
        backoff: 1_000,
      }),
      email: emailChannelSchema.optional(),
    })
    .default({
      log: { enabled: true },
      console: { enabled: true },
      webhook: { urlEnv: 'ALERT_WEBHOOK_URL', timeout: 5_000, retries: 3, backoff: 1_000 },
    }),
  /** Per rule id; unknown ids are an error naming the known ones. */
  rules: z.partialRecord(z.enum(ALERT_RULE_IDS), ruleOverrideSchema).default({}),
});

export type AlertsConfig = z.infer<typeof alertsConfigSchema>;
