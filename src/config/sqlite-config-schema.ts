import { z } from 'zod';
import { durationSchema } from './duration-schema.js';
import { prismqMapping } from './prismq-mapping.js';

// Identifier rules as in src/config/config-schema.ts, repeated rather than imported
// so that the main schema can import this file without an import cycle.
const duration = durationSchema;
const identifier = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,62}$/,
    'expected an SQL identifier: letters, digits and _ (max 63), not starting with a digit',
  );
const tableName = z
  .string()
  .regex(
    /^([A-Za-z_][A-Za-z0-9_]{0,62}\.)?[A-Za-z_][A-Za-z0-9_]{0,62}$/,
    'expected a table name like task_queue or schema.table (letters, digits, _)',
  );
const envName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'expected the NAME of an environment variable, e.g. DATABASE_URL',
  );
const status = z.string().min(1).max(64);
const statusList = z.array(status).min(1);

const p = prismqMapping;
const workers = p.workers ?? { table: 'workers', id: 'worker_id', heartbeat: 'heartbeat_utc' };

/**
 * The `sqlite` queue section (preset `sqlite`). Every field defaults to PrismQ's
 * schema, so `{}` monitors a PrismQ database; a home-grown SQLite queue overrides
 * table, column and status names like the PostgreSQL `custom` preset. A column the
 * table lacks is set to null where it is optional. `workers: null` means the system
 * keeps no heartbeats (no worker column in the panels, no dead-worker cleanup).
 */
export const sqliteConfigSchema = z
  .strictObject({
    /** The database file; else `urlEnv` holds `sqlite:///abs/path.db`. Relative to the config file. */
    path: z.string().min(1).optional(),
    urlEnv: envName.default('DATABASE_URL'),
    table: tableName.default(p.table),
    columns: z
      .strictObject({
        id: identifier.default(p.columns.id),
        status: identifier.default(p.columns.status),
        type: identifier.nullable().default(p.columns.type),
        createdAt: identifier.default(p.columns.createdAt),
        /** Start candidates, first non-NULL wins. */
        startedAt: z.array(identifier).default([...p.columns.startedAt]),
        finishedAt: identifier.default(p.columns.finishedAt),
        updatedAt: identifier.nullable().default(p.columns.updatedAt),
        worker: identifier.nullable().default(p.columns.worker),
        error: identifier.nullable().default(p.columns.error),
        attempts: identifier.nullable().default(p.columns.attempts),
        leaseUntil: identifier.nullable().default(p.columns.leaseUntil),
      })
      .prefault({}),
    statuses: z
      .strictObject({
        waiting: statusList.default([...p.statuses.waiting]),
        active: statusList.default([...p.statuses.active]),
        success: statusList.default([...p.statuses.success]),
        failure: statusList.default([...p.statuses.failure]),
        deadLetter: z.array(status).default([...p.statuses.deadLetter]),
        failedValue: status.default(p.statuses.failedValue),
      })
      .prefault({})
      .superRefine((s, ctx) => {
        const seen = new Map<string, string>();
        for (const cls of ['waiting', 'active', 'success', 'failure', 'deadLetter'] as const) {
          for (const value of s[cls]) {
            const other = seen.get(value);
            if (other !== undefined) {
              ctx.addIssue({
                code: 'custom',
                path: [cls],
                message: `status "${value}" is listed in both ${other} and ${cls}; a status belongs to one class`,
              });
            }
            seen.set(value, cls);
          }
        }
        if ([...s.waiting, ...s.active].includes(s.failedValue)) {
          ctx.addIssue({
            code: 'custom',
            path: ['failedValue'],
            message: `failedValue "${s.failedValue}" is a waiting or in-flight status; cleanup must move tasks out of the live set`,
          });
        }
      }),
    workers: z
      .strictObject({
        table: tableName.default(workers.table),
        id: identifier.default(workers.id),
        heartbeat: identifier.default(workers.heartbeat),
      })
      .nullable()
      .prefault({}),
    /** Window for completed/failed counts, throughput, rates and durations. */
    window: duration.default(3_600_000),
    /** PrismQ's get_active_workers(60). */
    activeHeartbeat: duration.default(60_000),
    /** PrismQ's get_stale_workers(300): beyond this a worker is dead and its tasks orphaned. */
    staleHeartbeat: duration.default(300_000),
    /** Waiting tasks older than this are what the `stale-waiting` cleanup marks failed. */
    staleWaiting: duration.default(86_400_000),
    /** Full recount at most this far apart (a safety net under the incremental refresh). */
    recountEvery: duration.default(600_000),
    /**
     * How long a read waits for a lock. node:sqlite is synchronous, so this bounds how
     * long a locked database can freeze the dashboard; WAL readers normally never wait.
     */
    busyTimeout: duration.default(1_000),
    /** How long cleanup waits for the write lock (PrismQ's own busy_timeout is 5 s). */
    cleanupBusyTimeout: duration.default(5_000),
  })
  .superRefine((c, ctx) => {
    if (c.activeHeartbeat > c.staleHeartbeat) {
      ctx.addIssue({
        code: 'custom',
        path: ['activeHeartbeat'],
        message: 'activeHeartbeat must not be longer than staleHeartbeat',
      });
    }
  });

export type SqliteConfig = z.infer<typeof sqliteConfigSchema>;
