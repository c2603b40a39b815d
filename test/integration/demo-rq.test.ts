import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { startRqDemo } from '../../src/demo/rq/start-rq-demo.js';
import { createRqQueueSource } from '../../src/sources/queue/redis/create-rq-queue-source.js';
import { requireComponent } from '../helpers/require-component.js';

const redis = await requireComponent('redis');
if (!redis.available) console.warn(`skipping the rq demo: ${redis.reason}`);
// DB 11: this test's own (the rq tests use 13, the demo's default is 15).
const URL = 'redis://127.0.0.1:6379/11';

describe.skipIf(!redis.available)('jobdeck demo --queue rq: the simulated RQ fleet', () => {
  beforeAll(async () => {
    // This test's own database: start empty, whatever an earlier run left.
    const r = new Redis(URL);
    await r.flushdb();
    await r.quit();
  });

  it('writes the keys rq writes, so the RQ source reads queues, workers and finished jobs', async () => {
    const controller = new AbortController();
    const demo = await startRqDemo({ url: URL, signal: controller.signal });
    const source = createRqQueueSource({
      url: URL,
      urlEnv: 'REDIS_URL',
      flavour: 'rq',
      windowMs: 3_600_000,
      staleHeartbeatMs: 120_000,
      deadHeartbeatMs: 300_000,
      readOnly: true,
    });
    try {
      let done = 0;
      for (let i = 0; i < 40 && done === 0; i++) {
        await new Promise((r) => setTimeout(r, 250));
        const s = await source.read();
        done = s.window.succeeded + s.window.failed;
      }
      const snap = await source.read();
      expect(done).toBeGreaterThan(0);
      expect(snap.workers?.filter((w) => w.state === 'active').length).toBeGreaterThanOrEqual(2);
      expect(Object.keys(snap.counts)).toEqual(
        expect.arrayContaining(['queued', 'started', 'finished', 'failed']),
      );
    } finally {
      controller.abort();
      await source.close();
      await demo.stop();
    }
  });
});
