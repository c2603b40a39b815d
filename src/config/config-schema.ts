import { z } from 'zod';
import { durationSchema } from './duration-schema.js';
import { thresholdsSchema } from './thresholds-schema.js';
import { alertsConfigSchema } from './alerts-config-schema.js';
import { dockerConfigSchema } from './docker-config-schema.js';
import { servicesConfigSchema } from './services-config-schema.js';
import { rqConfigSchema } from './rq-config-schema.js';
import { sqliteConfigSchema } from './sqlite-config-schema.js';
import { serveConfigSchema } from './serve-config-schema.js';

/** A duration (`30s`, `10m`, `2h`, or seconds as a number), parsed to milliseconds. */
const duration = durationSchema;

/** SQL identifiers from config: letters, digits, underscore; optionally schema-qualified. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const identifier = z
  .string()
  .regex(
    IDENTIFIER,
    'expected an SQL identifier: letters, digits and _ (max 63), not starting with a digit',
  );
const tableName = z
  .string()
  .regex(
    /^([A-Za-z_][A-Za-z0-9_]{0,62}\.)?[A-Za-z_][A-Za-z0-9_]{0,62}$/,
    'expected a table name like core_job or schema.table (letters, digits, _)',
  );
/** Name of an environment variable that holds a secret (never the secret itself). */
const envName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'expected the NAME of an environment variable, e.g. DATABASE_URL',
  );

const statusList = z.array(z.string().min(1).max(64)).min(1);

export const customMappingSchema = z.strictObject({
  table: tableName,
  columns: z.strictObject({
    id: identifier,
    status: identifier,
    type: identifier.optional(),
    createdAt: identifier,
    startedAt: identifier.optional(),
    /** End time candidates, first non-NULL wins (like COALESCE). */
    finishedAt: z.array(identifier).min(1).optional(),
    worker: identifier.optional(),
    /** Jobs in one group run one at a time (QFieldCloud: project_id). */
    group: identifier.optional(),
    /** Text column that cleanup appends its reason to. */
    error: identifier.optional(),
  }),
  statuses: z.strictObject({
    waiting: statusList,
    active: statusList,
    success: statusList,
    failure: statusList,
    /** The status cleanup marks jobs with (default: the first failure status). */
    failedValue: z.string().min(1).optional(),
  }),
  heartbeats: z
    .strictObject({
      table: tableName,
      workerColumn: identifier,
      heartbeatColumn: identifier,
    })
    .optional(),
});

export const PRESETS = ['qfieldcloud', 'rgrid', 'custom', 'sqlite', 'rq', 'frappe'] as const;
/** Presets read from PostgreSQL. */
export const PG_PRESETS: readonly PresetName[] = ['qfieldcloud', 'rgrid', 'custom'];
export type PresetName = (typeof PRESETS)[number];

export const queueConfigSchema = z.strictObject({
  preset: z.enum(PRESETS).default('qfieldcloud'),
  /** Environment variable holding the connection URL (it carries the password). */
  urlEnv: envName.default('DATABASE_URL'),
  statementTimeout: duration.default(5_000),
  /** QFieldCloud's WORKER_TIMEOUT_S / QFIELDCLOUD_WORKER_TIMEOUT_S. */
  jobTimeout: duration.default(600_000),
  /** Window for finished/failed counts, throughput, rates and durations. */
  window: duration.default(3_600_000),
  /** A queued job with no start time older than this blocks its project. */
  queuedNoStartAfter: duration.default(300_000),
  /** Full recount at most this far apart (a safety net under the incremental refresh). */
  recountEvery: duration.default(600_000),
  custom: customMappingSchema.optional(),
  /** The `sqlite` preset: file and mapping (PrismQ defaults). */
  sqlite: sqliteConfigSchema.optional(),
  /** The `rq` and `frappe` presets: Redis URL variable, queues, Frappe bench. */
  rq: rqConfigSchema.omit({ preset: true }).optional(),
});

export const probeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('http'),
    name: z.string().min(1).default('api'),
    url: z.url(),
    expectStatus: z.array(z.number().int().min(100).max(599)).default([200]),
    hostHeader: z.string().optional(),
    bodyJson: z.record(z.string(), z.string()).optional(),
    insecureTls: z.boolean().default(false),
    timeout: duration.default(3_000),
    critical: z.boolean().default(true),
  }),
  z.strictObject({
    kind: z.literal('tcp'),
    name: z.string().min(1),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    timeout: duration.default(3_000),
    critical: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal('memcached'),
    name: z.string().min(1).default('cache'),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(1).max(65535).default(11211),
    timeout: duration.default(3_000),
    critical: z.boolean().default(false),
  }),
]);

const targetFields = {
  queue: queueConfigSchema.optional(),
  docker: dockerConfigSchema.optional(),
  /** Workers outside Docker: supervisor, systemd or plain processes. */
  services: servicesConfigSchema.optional(),
  probes: z.array(probeSchema).optional(),
  thresholds: thresholdsSchema.partial().optional(),
  readOnly: z.boolean().optional(),
};

export const targetSchema = z.strictObject(targetFields);

export const fileConfigSchema = z.strictObject({
  ...targetFields,
  interval: duration.optional(),
  /** Alert rules and channels (jobdeck monitor, the Alerts panel). */
  alerts: alertsConfigSchema.optional(),
  /** Where actions are audited (JSONL); default $XDG_STATE_HOME/jobdeck/audit.jsonl. */
  auditLog: z.string().min(1).optional(),
  /** `jobdeck serve`: the dashboard over SSH, with per-key roles. */
  serve: serveConfigSchema.optional(),
  targets: z
    .record(
      z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected a target name of letters, digits, . _ -'),
      targetSchema,
    )
    .optional(),
});

export type FileConfig = z.infer<typeof fileConfigSchema>;
export type QueueConfig = z.infer<typeof queueConfigSchema>;
export type CustomMapping = z.infer<typeof customMappingSchema>;
export type ProbeConfig = z.infer<typeof probeSchema>;

// Kept importable from here too: the thresholds moved to their own file to break an
// import cycle with the alerts schema.
export { thresholdsSchema, type Thresholds } from './thresholds-schema.js';
