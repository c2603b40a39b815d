import { z } from 'zod';
import { durationSchema } from './duration-schema.js';
import { patternSchema } from './pattern-schema.js';

/*
 * The `docker:` section of the config file. Kept in its own file so the main schema can
 * embed it as `docker: dockerConfigSchema.prefault({})`; every field has a default, so
 * `DOCKER_HOST` alone (no file at all) gives a working Docker panel for QFieldCloud.
 */

const duration = durationSchema;

const pattern = patternSchema;

const labelKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\s=]+$/, 'expected a Docker label key without spaces or "="');

export const dockerConfigSchema = z.strictObject({
  /**
   * A `DOCKER_HOST`-style URL (`unix:///var/run/docker.sock`, `tcp://host:2376`,
   * `ssh://user@host`). Wins over the environment and the Docker context.
   */
  host: z.string().min(1).optional(),
  /**
   * Whether to read Docker at all. Default: when this section, DOCKER_HOST or
   * DOCKER_CONTEXT is set, or the local socket exists.
   */
  enabled: z.boolean().optional(),
  /** A Docker context name (`docker context ls`); default: `DOCKER_CONTEXT`, then the current one. */
  context: z.string().min(1).optional(),
  /** `ssh://` hosts: how to log in. One SSH connection per host carries every request. */
  ssh: z
    .strictObject({
      /** A private key file (`~` allowed); default: ssh-agent, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
      identityFile: z.string().min(1).optional(),
      /** Host keys checked (`~` allowed); default ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts. */
      knownHosts: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
      /** The engine's socket on the host; default: the remote DOCKER_HOST if unix://, else /var/run/docker.sock. */
      socket: z.string().min(1).optional(),
      connectTimeout: duration.default(10_000),
    })
    .prefault({}),
  /** Swarm managers: services, tasks and nodes, read every `every` (3 GETs). */
  swarm: z
    .strictObject({
      enabled: z.boolean().default(true),
      every: duration.default(5_000),
    })
    .prefault({}),
  /** Compose projects (`com.docker.compose.project`) to show, or `all`. */
  projects: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]).default('all'),
  /** Compose services whose name matches are workers (QFieldCloud: `worker_wrapper`). */
  workerPattern: pattern.default('worker'),
  /**
   * Compose services expected to exit (QFieldCloud's `qgis`/`qgis3`/`qgis4` image builds,
   * `mirror_transformation_grids` and `createbuckets`): exit code 0 is "completed", not down.
   */
  oneShotPattern: pattern.default('^(qgis\\d*|mirror_transformation_grids|createbuckets)$'),
  /**
   * Per-job containers that are not compose-managed. QFieldCloud labels its QGIS job
   * containers `app=<ENVIRONMENT>_worker` with `job_id`, `type` and `project_id`.
   */
  jobs: z
    .strictObject({
      label: labelKey.default('app'),
      /** Exact value, e.g. `production_worker`; when unset, `valuePattern` decides. */
      value: z.string().min(1).optional(),
      valuePattern: pattern.default('_worker$'),
      idLabel: labelKey.default('job_id'),
      typeLabel: labelKey.default('type'),
      projectLabel: labelKey.default('project_id'),
    })
    .prefault({}),
  /**
   * `stream`: one long-lived stats connection per running container (the engine pushes a
   * sample every second). `poll`: one `one-shot` request per container per `statsEvery`.
   * `auto` (the default): streams for the screens (bench/docker.ts holds the measurement
   * behind that choice); `monitor`, which reads them once per check, polls once per check.
   */
  stats: z.enum(['auto', 'stream', 'poll']).default('auto'),
  /** Poll mode only: how often to ask for a sample. */
  statsEvery: duration.default(1_000),
  /** Full re-list and re-inspect, a safety net under the event stream. */
  resyncEvery: duration.default(30_000),
  /** Events within this window are folded into one refresh. */
  eventThrottle: duration.default(200),
  /** Every list/inspect/log request must answer within this time. */
  requestTimeout: duration.default(5_000),
  logs: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** How often the last line of each worker and job container is read. */
      every: duration.default(5_000),
      /** Lines fetched from the end (blank lines are skipped). */
      tail: z.number().int().min(1).max(100).default(5),
      /** Characters shown; longer lines end in "…". */
      maxLength: z.number().int().min(10).max(10_000).default(240),
    })
    .prefault({}),
  restart: z
    .strictObject({
      /**
       * Seconds a container gets between SIGTERM and SIGKILL. Unset: the container's own
       * stop timeout (compose `stop_grace_period`: 15m for QFieldCloud's worker_wrapper, so
       * a running job can finish), else Docker's 10 s.
       */
      stopTimeout: duration.optional(),
      /** After the stop timeout, how long a container may take to be running again. */
      startTimeout: duration.default(60_000),
    })
    .prefault({}),
});

export type DockerConfig = z.output<typeof dockerConfigSchema>;
