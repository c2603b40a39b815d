import { describe, expect, it } from 'vitest';
import { rqRawStateSchema } from '../../src/sources/queue/redis/rq-raw-state.js';

/** The read script's answer as cjson encodes it: Lua arrays, `false` for nil, `{}` for empty. */
const wire = {
  now: ['1768046400', '250000'],
  queueNames: ['default'],
  queues: [
    {
      name: 'default',
      queued: 1,
      started: 1,
      finished: 1,
      failed: 0,
      deferred: 0,
      scheduled: 0,
      canceled: 0,
      head: ['j-head', '2026-01-10T11:59:00.000000Z', false, "app.tasks.mail('x')"],
      wip: [
        [
          'j1:e1',
          'j1',
          '1768046460',
          1,
          'started',
          'w1',
          '2026-01-10T11:59:50.000000Z',
          '2026-01-10T11:59:40.000000Z',
          false,
          'app.tasks.work()',
          1,
        ],
      ],
      done: {
        finished: [
          [
            'j0',
            '1768046900',
            1,
            '2026-01-10T11:58:20.000000Z',
            '2026-01-10T11:58:10.000000Z',
            '2026-01-10T11:58:00.000000Z',
            '500',
          ],
        ],
        failed: {},
      },
    },
  ],
  workers: [
    ['rq:worker:w1', 1, 'busy', '2026-01-10T11:59:55.000000Z', '812', 'vps1'],
    ['rq:worker:w-gone', 0, false, false],
  ],
};

describe('rqRawStateSchema: the Lua answer as named records', () => {
  it('turns every positional row into a record with named fields, nil into null', () => {
    const raw = rqRawStateSchema.parse(wire);
    expect(raw.now).toBe(1_768_046_400.25);
    const [q] = raw.queues;
    expect(q?.head).toEqual({
      id: 'j-head',
      enqueuedAt: '2026-01-10T11:59:00.000000Z',
      createdAt: null,
      description: "app.tasks.mail('x')",
    });
    expect(q?.wip[0]).toMatchObject({
      member: 'j1:e1',
      jobId: 'j1',
      score: '1768046460',
      found: 1,
      status: 'started',
      workerName: 'w1',
      startedAt: '2026-01-10T11:59:50.000000Z',
      createdAt: null,
      description: 'app.tasks.work()',
      workerAlive: 1,
    });
    expect(q?.done.finished[0]).toEqual({
      id: 'j0',
      score: '1768046900',
      found: 1,
      endedAt: '2026-01-10T11:58:20.000000Z',
      startedAt: '2026-01-10T11:58:10.000000Z',
      enqueuedAt: '2026-01-10T11:58:00.000000Z',
      ttl: '500',
    });
    // cjson encodes an empty Lua table as an object.
    expect(q?.done.failed).toEqual([]);
    expect(raw.workers).toEqual([
      {
        key: 'rq:worker:w1',
        exists: 1,
        state: 'busy',
        lastHeartbeat: '2026-01-10T11:59:55.000000Z',
        pid: 812,
        hostname: 'vps1',
      },
      // A row from before pid/hostname were read (4 cells) still parses.
      {
        key: 'rq:worker:w-gone',
        exists: 0,
        state: null,
        lastHeartbeat: null,
        pid: null,
        hostname: null,
      },
    ]);
  });

  it('an empty queue head (false) is null', () => {
    const [q] = rqRawStateSchema.parse({
      ...wire,
      queues: [{ ...wire.queues[0], head: false }],
    }).queues;
    expect(q?.head).toBeNull();
  });

  it('rejects a row of the wrong length, naming where', () => {
    const bad = rqRawStateSchema.safeParse({ ...wire, workers: [['rq:worker:w1', 1]] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path.slice(0, 2)).toEqual(['workers', 0]);
  });
});
