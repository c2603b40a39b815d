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

const wipRow = z.tuple([
  z.string(), // member
  z.string(), // job id
  z.string(), // score
  int, // found
  cell, // status
  cell, // worker_name
  cell, // started_at
  cell, // enqueued_at
  cell, // created_at
  cell, // timeout
  cell, // last_heartbeat
  cell, // description
  int, // worker alive: 1, 0, or -1 when the job names no worker
]);

const doneRow = z.tuple([
  z.string(), // id
  z.string(), // score
  int, // found
  cell, // ended_at
  cell, // started_at
  cell, // enqueued_at
  cell, // created_at
  cell, // status
  cell, // worker_name
  cell, // description
  cell, // result_ttl (finished) or failure_ttl (failed)
]);

const pair = z.tuple([z.string(), int]);

const queueRow = z.object({
  name: z.string(),
  queued: int,
  intermediate: int,
  started: int,
  finished: int,
  failed: int,
  finishedAll: int,
  failedAll: int,
  deferred: int,
  scheduled: int,
  canceled: int,
  schedulerLock: int,
  head: z.union([z.literal(false), z.tuple([z.string(), cell, cell, cell])]),
  wip: list(wipRow),
  done: z.object({ finished: list(doneRow), failed: list(doneRow) }),
  doneCapped: z.object({ finished: int, failed: int }),
  sites: list(pair),
  scheduledMethods: list(pair),
  sampled: int,
});

const workerRow = z.tuple([
  z.string(), // key rq:worker:<name>
  int, // exists
  int, // pttl (ms; -2 gone, -1 no expiry)
  cell, // state
  cell, // current_job
  cell, // queues (comma-joined)
  cell, // birth
  cell, // last_heartbeat
  cell, // successful_job_count
  cell, // failed_job_count
  cell, // total_working_time
  cell, // pid
  cell, // hostname
  cell, // current_job_working_time
  cell, // version
  cell, // death
]);

/** The read script's answer, validated (rq-read-script.ts documents the layout). */
export const rqRawStateSchema = z.object({
  now: z.tuple([z.string(), z.string()]),
  suspended: int,
  queueNames: list(z.string()),
  queues: list(queueRow),
  workers: list(workerRow),
  queuesCapped: int,
  workersCapped: int,
});

export type RqRawState = z.infer<typeof rqRawStateSchema>;
export type RqRawQueue = RqRawState['queues'][number];
export type RqRawWip = RqRawQueue['wip'][number];
export type RqRawDone = RqRawQueue['done']['finished'][number];
export type RqRawWorker = RqRawState['workers'][number];
