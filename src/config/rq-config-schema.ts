import { z } from 'zod';
import { durationSchema } from './duration-schema.js';

const duration = durationSchema;

const envName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'expected the NAME of an environment variable, e.g. REDIS_URL',
  );

/** rq queue names: anything rq accepts, but no whitespace (they end up in key names). */
const queueName = z.string().regex(/^\S{1,200}$/, 'expected a queue name without spaces');

/**
 * The `queue:` section for the `rq` and `frappe` presets (to be merged into the main
 * config's queue schema as members of its preset union). The URL, and an optional
 * separate password, are read from the environment variables named here.
 */
export const rqConfigSchema = z.strictObject({
  preset: z.enum(['rq', 'frappe']),
  /** Environment variable holding `redis://[user:password@]host:port/db`. */
  urlEnv: envName.default('REDIS_URL'),
  /** Environment variable holding the password when it is not in the URL (Frappe's rq_password). */
  passwordEnv: envName.optional(),
  /** Queues to show; default all of `rq:queues` (frappe: this bench's). Frappe accepts short names. */
  queues: z.array(queueName).min(1).optional(),
  /** Frappe: the bench id prefix of queue names (`bench_id` in common_site_config.json). */
  benchId: z
    .string()
    .regex(/^[^\s:]+$/, 'expected a bench id without spaces or colons')
    .optional(),
  /** Frappe: the bench directory (for the bench id). */
  benchPath: z.string().min(1).optional(),
  /** Connect and command timeout. */
  commandTimeout: duration.default(5_000),
  /** Window for finished/failed counts, throughput, rates and durations. */
  window: duration.default(3_600_000),
  /**
   * How far a worker's clock may lag Redis's without completions being missed from the
   * window. Each refresh re-lists (ids only) the completions of this many seconds, so a
   * large value costs Redis time on a busy queue; NTP-synced hosts are within milliseconds.
   */
  clockSlack: duration.default(10_000),
  limits: z
    .strictObject({
      wip: z.number().int().min(1).max(100_000).optional(),
      done: z.number().int().min(1).max(100_000).optional(),
      // Ignored: the per-site split of queued Frappe jobs it sampled is no longer computed
      // (nothing showed it); still accepted so existing configs load.
      siteSample: z.number().int().min(0).max(1_000_000).optional(),
      queues: z.number().int().min(1).max(100_000).optional(),
      workers: z.number().int().min(1).max(100_000).optional(),
    })
    .optional(),
});

export type RqConfig = z.infer<typeof rqConfigSchema>;
