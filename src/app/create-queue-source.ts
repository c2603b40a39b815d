import type { ResolvedConfig } from '../config/load-config.js';
import { pgPresetFor } from '../sources/queue/postgres/pg-preset-for.js';
import { PostgresQueueSource } from '../sources/queue/postgres/postgres-queue-source.js';
import type { QueueSource } from '../sources/queue/core/queue-source.js';
import { describeRedisTarget } from '../sources/queue/redis/describe-redis-target.js';
import { RQ_CLEANUP_KINDS } from '../sources/queue/redis/rq-cleanup-kinds.js';
import { createSqliteQueueSource } from '../sources/queue/sqlite/create-sqlite-queue-source.js';
import { sqliteOptionsFromConfig } from '../sources/queue/sqlite/sqlite-options-from-config.js';
import { LazyQueueSource } from './lazy-queue-source.js';

/**
 * The configured queue source, or null when no queue URL is set. rq's is loaded on first
 * use: ioredis costs every PostgreSQL user memory and start-up time otherwise (issue 14).
 */
export function createQueueSource(config: ResolvedConfig): QueueSource | null {
  const queue = config.queue;
  if (queue === null) return null;
  if (queue.preset === 'rq' || queue.preset === 'frappe') {
    const rq = queue.rq;
    if (rq === undefined) throw new TypeError('rq preset without its section');
    const options = {
      url: queue.url,
      urlEnv: rq.urlEnv,
      password: queue.redisPassword,
      flavour: queue.preset,
      queues: rq.queues,
      benchId: rq.benchId,
      benchPath: rq.benchPath,
      windowMs: rq.window,
      staleHeartbeatMs: config.thresholds.staleHeartbeat,
      deadHeartbeatMs: config.thresholds.deadHeartbeat,
      readOnly: config.readOnly,
      commandTimeoutMs: rq.commandTimeout,
      clockSlackMs: rq.clockSlack,
      limits: rq.limits,
    };
    return new LazyQueueSource(
      queue.preset,
      describeRedisTarget(queue.url),
      RQ_CLEANUP_KINDS,
      async () => {
        const { createRqQueueSource } =
          await import('../sources/queue/redis/create-rq-queue-source.js');
        return createRqQueueSource(options);
      },
    );
  }
  if (queue.preset === 'sqlite') {
    const file = queue.sqliteFile;
    if (file === null || queue.sqlite === undefined)
      throw new TypeError('sqlite preset without a file');
    return createSqliteQueueSource(
      sqliteOptionsFromConfig(queue.sqlite, {
        path: file.path,
        pathHint: file.hint,
        stuckAfterMs: config.thresholds.stuckAfter,
        readOnly: config.readOnly,
      }),
    );
  }
  return new PostgresQueueSource({
    url: queue.url,
    urlEnv: queue.urlEnv,
    preset: pgPresetFor(queue),
    statementTimeoutMs: queue.statementTimeout,
    jobTimeoutMs: queue.jobTimeout,
    windowMs: queue.window,
    queuedNoStartAfterMs: queue.queuedNoStartAfter,
    recountEveryMs: queue.recountEvery,
    stuckAfterMs: config.thresholds.stuckAfter,
    staleHeartbeatMs: config.thresholds.staleHeartbeat,
    deadHeartbeatMs: config.thresholds.deadHeartbeat,
    readOnly: config.readOnly,
  });
}
