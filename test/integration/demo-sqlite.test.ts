import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSqliteDemo } from '../../src/demo/sqlite/start-sqlite-demo.js';
import { createSqliteQueueSource } from '../../src/sources/queue/sqlite/create-sqlite-queue-source.js';
import { parseSqliteUrl } from '../../src/config/parse-sqlite-url.js';

describe('jobdeck demo --queue sqlite: the simulated PrismQ fleet', () => {
  it('workers register, lease and finish tasks the SQLite source then reports', async () => {
    const controller = new AbortController();
    const demo = startSqliteDemo({
      dataDir: mkdtempSync(join(tmpdir(), 'jobdeck-sqdemo-')),
      signal: controller.signal,
    });
    const source = createSqliteQueueSource({ path: parseSqliteUrl(demo.url), readOnly: true });
    try {
      let done = 0;
      for (let i = 0; i < 40 && done === 0; i++) {
        await new Promise((r) => setTimeout(r, 250));
        const s = await source.read();
        done = s.window.succeeded + s.window.failed;
      }
      const snap = await source.read();
      expect(done).toBeGreaterThan(0);
      expect(snap.workers?.map((w) => w.id)).toEqual([
        'demo-worker-1',
        'demo-worker-2',
        'demo-worker-3',
      ]);
      expect(snap.workers?.every((w) => w.state === 'active')).toBe(true);
    } finally {
      controller.abort();
      await source.close();
      await demo.stop();
    }
  });
});
