import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export interface RqDemo {
  readonly url: string;
  stop(): Promise<void>;
}

const QUEUES = ['high', 'default', 'low'] as const;

/** rq's timestamp format: UTC, microseconds, a literal Z. */
const utc = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * `jobdeck demo --queue rq`: a simulated RQ fleet writing exactly the keys rq 1.x writes
 * (queues, job hashes, the wip/finished/failed registries, worker hashes with their
 * TTLs) into a Redis database of its own. A producer enqueues, workers take jobs, finish
 * or fail them; now and then a worker dies holding a job, so its key expires and the job
 * turns up orphaned, as it would with a killed `rq worker`.
 */
export async function startRqDemo(options: {
  url: string;
  signal: AbortSignal;
  workers?: number;
}): Promise<RqDemo> {
  const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (error) {
    // Stop ioredis' reconnect loop, or it keeps the process alive after the error.
    redis.disconnect();
    throw error;
  }
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => Promise<unknown>): void => {
    if (options.signal.aborted) return;
    const t = setTimeout(() => {
      timers.delete(t);
      if (!options.signal.aborted) fn().catch(() => undefined);
    }, ms);
    timers.add(t);
  };
  const workers = Array.from({ length: options.workers ?? 3 }, () => ({
    name: randomUUID().replace(/-/g, ''),
    dead: false,
  }));

  const heartbeat = async (w: { name: string }, busyJob: string | null): Promise<void> => {
    const key = `rq:worker:${w.name}`;
    const now = Date.now();
    await redis
      .multi()
      .hset(key, {
        last_heartbeat: utc(now),
        queues: QUEUES.join(','),
        pid: String(process.pid),
        hostname: 'demo',
        state: busyJob === null ? 'idle' : 'busy',
        version: '1.13.0',
      })
      .expire(key, busyJob === null ? 480 : 90)
      .sadd('rq:workers', key)
      .exec();
    if (busyJob === null) await redis.hdel(key, 'current_job');
    else await redis.hset(key, 'current_job', busyJob);
  };

  const work = async (w: { name: string; dead: boolean }): Promise<void> => {
    if (w.dead) return;
    let taken: { id: string; queue: string } | null = null;
    for (const q of QUEUES) {
      const id = await redis.lpop(`rq:queue:${q}`);
      if (id !== null) {
        taken = { id, queue: q };
        break;
      }
    }
    if (taken === null) {
      await heartbeat(w, null);
      later(1000, () => work(w));
      return;
    }
    const { id, queue } = taken;
    const started = Date.now();
    await redis
      .multi()
      .zadd(`rq:wip:${queue}`, seconds(started) + 90, id)
      .hset(`rq:job:${id}`, {
        status: 'started',
        started_at: utc(started),
        worker_name: w.name,
        last_heartbeat: utc(started),
      })
      .exec();
    await heartbeat(w, id);
    // One job in thirty: the worker is killed mid-job (its key expires within 90 s).
    if (Math.random() < 0.033) {
      w.dead = true;
      later(120_000, async () => {
        w.dead = false;
        w.name = randomUUID().replace(/-/g, '');
        await work(w);
      });
      return;
    }
    later(500 + Math.random() * 2500, async () => {
      const ended = Date.now();
      const failed = Math.random() < 0.1;
      const registry = failed ? `rq:failed:${queue}` : `rq:finished:${queue}`;
      const ttl = failed ? 31_536_000 : 500;
      await redis
        .multi()
        .zrem(`rq:wip:${queue}`, id)
        .zadd(registry, seconds(ended) + ttl, id)
        .hset(`rq:job:${id}`, { status: failed ? 'failed' : 'finished', ended_at: utc(ended) })
        .expire(`rq:job:${id}`, ttl)
        .hincrby(`rq:worker:${w.name}`, failed ? 'failed_job_count' : 'successful_job_count', 1)
        .hincrbyfloat(`rq:worker:${w.name}`, 'total_working_time', (ended - started) / 1000)
        .exec();
      await heartbeat(w, null);
      await work(w);
    });
  };

  const produce = async (): Promise<void> => {
    const n = Math.random() < 0.1 ? 8 : Math.random() < 0.7 ? 1 : 0;
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      const queue = QUEUES[Math.floor(Math.random() * QUEUES.length)] ?? 'default';
      const now = Date.now();
      await redis
        .multi()
        .hset(`rq:job:${id}`, {
          created_at: utc(now),
          enqueued_at: utc(now),
          status: 'queued',
          origin: queue,
          description: `demo.tasks.process(${String(i)})`,
          timeout: '180',
          started_at: '',
          ended_at: '',
          worker_name: '',
        })
        .rpush(`rq:queue:${queue}`, id)
        .sadd('rq:queues', `rq:queue:${queue}`)
        .exec();
    }
    later(1500, produce);
  };

  for (const w of workers) {
    await redis.hset(`rq:worker:${w.name}`, 'birth', utc(Date.now()));
    await work(w);
  }
  await produce();
  return {
    url: options.url,
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await redis.quit().catch(() => undefined);
    },
  };
}
