import { z } from 'zod';
import { durationSchema } from './duration-schema.js';
import { patternSchema } from './pattern-schema.js';

/*
 * The `services:` section: workers that do not run in Docker, read through one provider
 * per target (supervisor, systemd or plain processes). Every field has a default except
 * what only the operator knows (which programs, units or pid files).
 */

const duration = durationSchema;

/** The programs of a supervisord, read over its XML-RPC interface. */
export const supervisorConfigSchema = z.strictObject({
  /**
   * `unix_http_server` socket (`/var/run/supervisor.sock`, Debian's default), or an
   * `inet_http_server` URL (`http://127.0.0.1:9001`).
   */
  url: z.string().min(1).default('unix:///var/run/supervisor.sock'),
  /** `username` of the `[unix_http_server]`/`[inet_http_server]` section, when it sets one. */
  username: z.string().min(1).optional(),
  /** The environment variable holding its password (never the password itself). */
  passwordEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
    .optional(),
  /**
   * Groups to show (Frappe: `frappe-bench-workers`, `frappe-bench-web`), or `all`. A
   * program outside any group is its own group.
   */
  groups: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]).default('all'),
  /** Bytes read from the end of each program's stderr log for its last line; 0 turns log reads off. */
  logBytes: z.number().int().min(0).max(65_536).default(2_048),
});

/** systemd units by name or glob, read with `systemctl show` (local, or `--user`). */
export const systemdConfigSchema = z.strictObject({
  /** Unit names or globs: `frappe-bench-frappe-*-worker@*.service`. */
  units: z.array(z.string().min(1)).min(1),
  /** `systemctl --user` (units of the user jobdeck runs as). */
  user: z.boolean().default(false),
  /** Read each unit's last journal line (`journalctl -u … -n 1 -o cat`). */
  journal: z.boolean().default(true),
});

/** One kind of plain process: found by pid files or by its command line. */
export const processGroupSchema = z
  .strictObject({
    /** The service name shown for these processes: `worker`. */
    name: z.string().min(1),
    /** A glob of pid files (`/run/myapp/worker-*.pid`); one instance per file. */
    pidFiles: z.string().min(1).optional(),
    /** A regular expression over `/proc/<pid>/cmdline` (arguments joined by spaces). */
    match: patternSchema.optional(),
    /**
     * The command that restarts one instance, run with `sh -c`; `{pid}` and `{name}` are
     * replaced (and exported as JOBDECK_PID / JOBDECK_NAME). Unset: SIGTERM to the pid,
     * for processes whose parent respawns them.
     */
    restart: z.string().min(1).optional(),
    /** A log file whose last line is shown; `{name}` is replaced. */
    logFile: z.string().min(1).optional(),
  })
  .refine((g) => g.pidFiles !== undefined || g.match !== undefined, {
    message: 'expected pidFiles or match (how to find these processes)',
  });

export const servicesConfigSchema = z
  .strictObject({
    supervisor: supervisorConfigSchema.optional(),
    systemd: systemdConfigSchema.optional(),
    processes: z.array(processGroupSchema).min(1).optional(),
    /** Services whose name matches are workers (the Workers panel, healing, worker alerts). */
    workerPattern: patternSchema.default('worker'),
    /** How often the provider is read and /proc sampled. */
    every: duration.default(2_000),
    /** Every provider call must answer within this time. */
    requestTimeout: duration.default(5_000),
    restart: z
      .strictObject({
        /** How long an instance may take to run again after a restart. */
        startTimeout: duration.default(30_000),
      })
      .prefault({}),
  })
  .refine(
    (s) => [s.supervisor, s.systemd, s.processes].filter((p) => p !== undefined).length === 1,
    {
      message:
        'expected exactly one of supervisor, systemd or processes (one provider per target; use targets for more)',
    },
  );

export type SupervisorConfig = z.output<typeof supervisorConfigSchema>;
export type SystemdConfig = z.output<typeof systemdConfigSchema>;
export type ProcessGroupConfig = z.output<typeof processGroupSchema>;
export type ServicesConfig = z.output<typeof servicesConfigSchema>;
