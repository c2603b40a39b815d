import { z } from 'zod';

/**
 * The `jobdeck status --json` document. Versioned; scripts may rely on every field
 * named here. Validated in tests so the README's description stays true.
 */
const level = z.enum(['ok', 'warn', 'fail', 'unknown']);

const jobRef = z.object({
  id: z.string(),
  type: z.string().nullable(),
  status: z.string(),
  group: z.string().nullable(),
  groupLabel: z.string().nullable(),
  worker: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  ageSeconds: z.number(),
});

export const queueSectionSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    source: z.string(),
    preset: z.string(),
    at: z.string(),
    counts: z.record(z.string(), z.number().int().min(0)),
    byType: z.array(z.object({ type: z.string(), status: z.string(), count: z.number().int() })),
    total: z.number().int(),
    waiting: z.number().int(),
    inFlight: z.number().int(),
    oldestWaiting: jobRef.nullable(),
    stuck: z.array(jobRef.extend({ reason: z.string() })),
    blockers: z.array(
      z.object({
        kind: z.enum(['queued-no-start', 'blocked-behind-active']),
        group: z.string().nullable(),
        jobId: z.string().nullable(),
        waiting: z.number().int(),
        ageSeconds: z.number(),
        detail: z.string(),
      }),
    ),
    window: z.object({
      windowSeconds: z.number(),
      succeeded: z.number().int(),
      failed: z.number().int(),
      throughputPerMin: z.number(),
      successRate: z.number().nullable(),
      failureRate: z.number().nullable(),
      waitP50: z.number().nullable(),
      waitP95: z.number().nullable(),
      runP50: z.number().nullable(),
      runP95: z.number().nullable(),
    }),
    workers: z
      .array(
        z.object({
          id: z.string(),
          lastHeartbeatAt: z.string().nullable(),
          ageSeconds: z.number().nullable(),
          state: z.enum(['active', 'stale', 'dead']),
          runningJobs: z.number().int(),
          /** rq records the worker's pid and host; other systems do not (absent). */
          pid: z.number().int().nullable().optional(),
          hostname: z.string().nullable().optional(),
        }),
      )
      .nullable(),
    running: z.array(jobRef),
    unattributedRunning: z.number().int(),
  }),
  z.object({ ok: z.literal(false), source: z.string(), error: z.string() }),
]);

const container = z.object({
  id: z.string(),
  name: z.string(),
  number: z.number().int().nullable(),
  state: z.string(),
  status: z.string(),
  health: z.enum(['healthy', 'unhealthy', 'starting', 'none']),
  image: z.string(),
  startedAt: z.string().nullable(),
  restartCount: z.number().int().nullable(),
  exitCode: z.number().int().nullable(),
  ports: z.array(z.string()),
  cpuPercent: z.number().nullable(),
  memoryMiB: z.number().nullable(),
  memoryPercent: z.number().nullable(),
  lastLog: z.string().nullable(),
  /** The main pid of a service provider's instance; null for a Docker container. */
  pid: z.number().int().nullable(),
  /** The provider reports a crash loop itself (supervisor BACKOFF/FATAL, systemd auto-restart/failed). */
  crashLooping: z.boolean(),
});

/** What runs the services: the Docker engine, or a service provider. */
const provider = z.enum(['docker', 'supervisor', 'systemd', 'processes']);

export const dockerSectionSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    provider,
    endpoint: z.string(),
    services: z.array(
      z.object({
        key: z.string(),
        project: z.string(),
        service: z.string(),
        role: z.enum(['worker', 'one-shot', 'service']),
        state: z.enum(['up', 'degraded', 'down', 'completed', 'failed']),
        running: z.number().int(),
        containers: z.array(container),
      }),
    ),
    /** Per-job containers (QFieldCloud's app=<ENVIRONMENT>_worker), joined to jobs by jobId. */
    jobs: z.array(
      container.extend({ jobId: z.string().nullable(), jobType: z.string().nullable() }),
    ),
    workers: z.object({ running: z.number().int(), total: z.number().int() }),
    /** When the engine is a Swarm manager: its services and nodes; null otherwise. */
    swarm: z
      .object({
        services: z.array(
          z.object({
            name: z.string(),
            mode: z.enum(['replicated', 'global', 'replicated-job', 'global-job']),
            desired: z.number().int(),
            running: z.number().int(),
            state: z.enum(['up', 'degraded', 'down']),
            updateState: z.string().nullable(),
            tasks: z.array(
              z.object({
                slot: z.number().int().nullable(),
                node: z.string().nullable(),
                state: z.string(),
                error: z.string().nullable(),
              }),
            ),
            /** The latest task errors, newest first (`no suitable node`, `task: non-zero exit`). */
            errors: z.array(z.string()),
          }),
        ),
        nodes: z.array(
          z.object({
            hostname: z.string(),
            role: z.string(),
            availability: z.string(),
            state: z.string(),
            leader: z.boolean(),
          }),
        ),
        /** Why the last Swarm read failed (the lists are from the read before). */
        error: z.string().nullable(),
      })
      .nullable(),
  }),
  z.object({ ok: z.literal(false), provider, error: z.string() }),
]);

export const readinessCheckSchema = z.object({
  name: z.string(),
  level,
  critical: z.boolean(),
  detail: z.string(),
  latencyMs: z.number().nullable(),
});

export const statusReportSchema = z.object({
  version: z.literal(1),
  target: z.string(),
  generatedAt: z.string(),
  verdict: z.enum(['OPERATIONAL', 'DEGRADED', 'DOWN']),
  exitCode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  readiness: z.array(readinessCheckSchema),
  /** Null when no queue is configured. */
  queue: queueSectionSchema.nullable(),
  /** Null when Docker is not read. */
  docker: dockerSectionSchema.nullable(),
  /** The capacity verdict over 7 days of `jobdeck monitor` history; null without history. */
  capacity: z
    .object({
      verdict: z.enum(['STOP', 'CONSIDER', 'INVESTIGATE', 'MONITOR']),
      reason: z.string(),
      action: z.string(),
      avgQueueDepth: z.number().nullable(),
      successRate: z.number().nullable(),
      spanHours: z.number(),
    })
    .nullable(),
});

export type StatusReport = z.infer<typeof statusReportSchema>;
export type QueueSection = z.infer<typeof queueSectionSchema>;
export type JobJson = z.infer<typeof jobRef>;
export type DockerSection = z.infer<typeof dockerSectionSchema>;
export type ContainerJson = z.infer<typeof container>;
