import { z } from 'zod';

/** A Redis nil arrives from Lua as `false`; absent text becomes null. */
const cell = z
  .union([z.string(), z.literal(false), z.null()])
  .transform((v) => (v === false ? null : v));
const int = z.number().int();

/** cjson encodes an empty Lua table as `{}`, so every array may arrive as an empty object. */
function list<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (v) =>
      v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0
        ? []
        : v,
    z.array(item),
  );
}

/** One `rq:wip` member with the fields of its job hash. */
const wipRow = z
  .tuple([z.string(), z.string(), z.string(), int, cell, cell, cell, cell, cell, cell, int])
  .transform(
    ([
      member,
      jobId,
      score,
      found,
      status,
      workerName,
      startedAt,
      enqueuedAt,
      createdAt,
      description,
      workerAlive,
    ]) => ({
      member,
      jobId,
      /** The registry score as Redis prints it (epoch seconds). */
      score,
      /** 1 when the job hash exists, 0 for a member whose hash is gone. */
      found,
      status,
      workerName,
      startedAt,
      enqueuedAt,
      createdAt,
      description,
      /** EXISTS rq:worker:<worker_name>: 1, 0, or -1 when the job names no worker. */
      workerAlive,
    }),
  );

/** One new member of a finished or failed registry with the fields of its job hash. */
const doneRow = z
  .tuple([z.string(), z.string(), int, cell, cell, cell, cell])
  .transform(([id, score, found, endedAt, startedAt, enqueuedAt, ttl]) => ({
    id,
    score,
    found,
    endedAt,
    startedAt,
    enqueuedAt,
    /** `result_ttl` (finished) or `failure_ttl` (failed), as text. */
    ttl,
  }));

/** A queue's head: the next job to run. */
const headRow = z
  .tuple([z.string(), cell, cell, cell])
  .transform(([id, enqueuedAt, createdAt, description]) => ({
    id,
    enqueuedAt,
    createdAt,
    description,
  }));

const queueRow = z.object({
  name: z.string(),
  queued: int,
  started: int,
  finished: int,
  failed: int,
  deferred: int,
  scheduled: int,
  canceled: int,
  head: z.union([z.literal(false).transform(() => null), headRow]),
  wip: list(wipRow),
  done: z.object({ finished: list(doneRow), failed: list(doneRow) }),
});

/** One member of `rq:workers`: its liveness key, state and heartbeat (null when gone). */
const workerRow = z
  .tuple([z.string(), int, cell, cell])
  .rest(cell)
  .transform(([key, exists, state, lastHeartbeat, pid = null, hostname = null]) => ({
    /** `rq:worker:<name>`. */
    key,
    /** EXISTS of the key: 1 alive, 0 gone (queues.md §1.5). */
    exists,
    state,
    lastHeartbeat,
    /** The worker's pid and host (rq writes both at birth): joins it to its supervisor program. */
    pid: pid === null || !/^\d+$/.test(pid) ? null : Number(pid),
    hostname,
  }));

/** Redis TIME: seconds and microseconds, as text. */
const redisTime = z
  .tuple([z.string(), z.string()])
  .transform(([seconds, micros]) => Number(seconds) + Number(micros) / 1e6);

/**
 * The read script's answer, validated and turned into named records (rq-read-script.ts
 * documents the layout: Lua returns arrays, so the records are positional on the wire).
 */
export const rqRawStateSchema = z.object({
  /** Redis's clock when the script ran, epoch seconds. */
  now: redisTime,
  queueNames: list(z.string()),
  queues: list(queueRow),
  workers: list(workerRow),
});

export type RqRawState = z.infer<typeof rqRawStateSchema>;
export type RqRawQueue = RqRawState['queues'][number];
export type RqRawWip = RqRawQueue['wip'][number];
export type RqRawDone = RqRawQueue['done']['finished'][number];
export type RqRawWorker = RqRawState['workers'][number];
