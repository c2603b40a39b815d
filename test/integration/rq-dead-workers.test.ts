/**
 * rq dead-worker cleanup on the core rule, against the real Redis (DB 10, flushed before
 * and after): a worker is `dead` when its key is gone or when it is busy with a heartbeat
 * older than deadAfter; cleanup takes only such workers' jobs, and the script re-checks
 * the liveness inside the write. Jobs are enqueued by rq 1.13 itself (rqctl.py), then put
 * in flight as a worker does (status, worker_name, wip member, worker hash), so rq's own
 * library can read the result.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createRqQueueSource } from '../../src/sources/queue/redis/create-rq-queue-source.js';
import { RqCleaner, type RqCleanupView } from '../../src/sources/queue/redis/rq-cleaner.js';
import type { RqQueueSource } from '../../src/sources/queue/redis/rq-queue-source.js';
import { requireComponent } from '../helpers/require-component.js';
import { requireRq, rqctl } from '../helpers/rq-env.js';

const DB = 10;
const URL = `redis://127.0.0.1:6379/${DB}`;
const redisUp = await requireComponent('redis');
const rqUp = redisUp.available ? await requireRq() : redisUp;
const utc = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '000Z');

function source(): RqQueueSource {
  return createRqQueueSource({
    url: URL,
    urlEnv: 'REDIS_URL',
    flavour: 'rq',
    windowMs: 3_600_000,
    staleHeartbeatMs: 120_000,
    deadHeartbeatMs: 300_000,
    readOnly: false,
  });
}

describe.skipIf(!rqUp.available)('rq dead-worker cleanup (real Redis)', () => {
  const admin = new Redis(URL);

  /** A busy worker that last beat `beatAgoMs` ago, running one job of queue `work`. */
  async function busyWorker(name: string, job: string, beatAgoMs: number): Promise<void> {
    const now = Date.now();
    await rqctl(
      'enqueue',
      [{ queue: 'work', func: 'hold', args: ['/nonexistent'], job_id: job, timeout: 3600 }],
      URL,
    );
    await admin.lrem('rq:queue:work', 0, job);
    await admin.hset(`rq:job:${job}`, {
      status: 'started',
      worker_name: name,
      started_at: utc(now - 800_000),
      last_heartbeat: utc(now - beatAgoMs),
    });
    // rq 1.13: score = now + timeout + 60 while the job runs; far ahead, so not lapsed.
    await admin.zadd('rq:wip:work', Math.floor(now / 1000) + 3600, job);
    await admin.sadd('rq:workers', `rq:worker:${name}`);
    await admin.hset(`rq:worker:${name}`, {
      state: 'busy',
      queues: 'work',
      current_job: job,
      birth: utc(now - 3_600_000),
      last_heartbeat: utc(now - beatAgoMs),
    });
    await admin.expire(`rq:worker:${name}`, 600);
  }

  beforeEach(async () => {
    await admin.flushdb();
  });

  afterAll(async () => {
    await admin.flushdb();
    admin.disconnect();
  });

  it('calls a busy worker silent beyond deadAfter dead and a 3-minute-silent one stale', async () => {
    await busyWorker('w-silent', 'job-silent', 600_000);
    await busyWorker('w-slow', 'job-slow', 180_000);
    await busyWorker('w-fresh', 'job-fresh', 5_000);
    const src = source();
    const snap = await src.read();
    const states = Object.fromEntries((snap.workers ?? []).map((w) => [w.id, w.state]));
    expect(states).toEqual({ 'w-silent': 'dead', 'w-slow': 'stale', 'w-fresh': 'active' });
    // Keys alive, scores ahead: none of them is stuck.
    expect(snap.stuck).toEqual([]);
    expect((await src.planCleanup('stuck')).items).toEqual([]);

    const plan = await src.planCleanup('dead-workers');
    expect(plan.items.map((i) => i.id)).toEqual(['job-silent']);
    expect(plan.items[0]?.reason).toMatch(
      /worker w-silent last beat 10m(\d+s)? ago while busy \(dead after 5m\)/,
    );
    expect(plan.summary).toMatch(/^move 1 orphaned \(dead worker\) job from started to failed/);
    expect(await src.runCleanup(plan)).toEqual({
      kind: 'dead-workers',
      marked: ['job-silent'],
      skipped: [],
    });
    expect(await admin.hget('rq:job:job-silent', 'status')).toBe('failed');
    expect(await admin.zscore('rq:failed:work', 'job-silent')).not.toBeNull();
    for (const job of ['job-slow', 'job-fresh']) {
      expect(await admin.hget(`rq:job:${job}`, 'status')).toBe('started');
    }
    expect(await rqctl('job', 'job-silent', URL)).toMatchObject({
      status: 'failed',
      in_failed: true,
      in_started: false,
    });
    await src.close();
  });

  it('skips a job whose worker beat again between the read and the write', async () => {
    await busyWorker('w-back', 'job-back', 600_000);
    await busyWorker('w-gone', 'job-gone', 600_000);
    const src = source();
    const view: RqCleanupView = await src.view();
    const plan = await src.planCleanup('dead-workers');
    expect(plan.items.map((i) => i.id).sort()).toEqual(['job-back', 'job-gone']);

    // After the read: w-back beats (it was only slow), w-gone's key expires.
    await admin.hset('rq:worker:w-back', 'last_heartbeat', utc(Date.now()));
    await admin.del('rq:worker:w-gone');
    // The write judged on the old read: only the script's own re-check can tell.
    const stale = new RqCleaner(
      {
        preset: 'rq',
        target: src.target,
        view: () => Promise.resolve(view),
        wrap: (e) => e as Error,
      },
      admin,
      { readOnly: false, deadAfterMs: 300_000 },
    );
    expect(await stale.run(plan)).toEqual({
      kind: 'dead-workers',
      marked: ['job-gone'],
      skipped: ['job-back'],
    });
    expect(await admin.hget('rq:job:job-back', 'status')).toBe('started');
    expect(await admin.zscore('rq:wip:work', 'job-back')).not.toBeNull();
    expect(await admin.hget('rq:job:job-gone', 'status')).toBe('failed');
    await src.close();
  });

  it('skips a job picked up by another worker since the read', async () => {
    await busyWorker('w-old', 'job-moved', 600_000);
    const src = source();
    const view = await src.view();
    const plan = await src.planCleanup('dead-workers');
    await admin.hset('rq:job:job-moved', 'worker_name', 'w-new');
    const stale = new RqCleaner(
      {
        preset: 'rq',
        target: src.target,
        view: () => Promise.resolve(view),
        wrap: (e) => e as Error,
      },
      admin,
      { readOnly: false, deadAfterMs: 300_000 },
    );
    expect((await stale.run(plan)).skipped).toEqual(['job-moved']);
    expect(await admin.hget('rq:job:job-moved', 'status')).toBe('started');
    await src.close();
  });

  it('refuses in read-only mode before touching Redis', async () => {
    await busyWorker('w-ro', 'job-ro', 600_000);
    const src = source();
    const plan = await src.planCleanup('dead-workers');
    const ro = new RqCleaner(
      { preset: 'rq', target: src.target, view: () => src.view(), wrap: (e) => e as Error },
      admin,
      { readOnly: true, deadAfterMs: 300_000 },
    );
    await expect(ro.run(plan)).rejects.toThrow(/read-only mode: cleanup is disabled/);
    expect(await admin.hget('rq:job:job-ro', 'status')).toBe('started');
    await src.close();
  });
});
