import { describe, expect, it } from 'vitest';
import { rqRawStateSchema } from '../../src/sources/queue/redis/rq-raw-state.js';

/** The read script's answer as cjson encodes it: Lua arrays, `false` for nil, `{}` for empty. */
const wire = {
  now: ['1768046400', '250000'],
  suspended: 0,
  queueNames: ['default'],
  queuesCapped: 0,
  workersCapped: 0,
  queues: [
    {
      name: 'default',
      queued: 1,
      intermediate: 0,
      started: 1,
      finished: 1,
      failed: 0,
      finishedAll: 1,
      failedAll: 0,
      deferred: 0,
      scheduled: 0,
      canceled: 0,
      schedulerLock: 0,
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
          '2026-01-10T11:59:39.000000Z',
          '180',
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
            false,
            'finished',
            'w1',
            'app.tasks.work()',
            '500',
          ],
        ],
        failed: {},
      },
      doneCapped: { finished: 0, failed: 0 },
      sites: {},
      scheduledMethods: [['frappe.flush', 2]],
      sampled: 0,
    },
  ],
  workers: [
    [
      'rq:worker:w1',
      1,
      80_000,
      'busy',
      'j1',
      'default',
      '2026-01-10T11:00:00.000000Z',
      '2026-01-10T11:59:55.000000Z',
      '3',
      '1',
      '250.5',
      '4242',
      'host-a',
      '0',
      '1.13.0',
      false,
    ],
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
      lastHeartbeat: null,
      description: 'app.tasks.work()',
      workerAlive: 1,
    });
    expect(q?.done.finished[0]).toMatchObject({
      id: 'j0',
      score: '1768046900',
      endedAt: '2026-01-10T11:58:20.000000Z',
      createdAt: null,
      ttl: '500',
    });
    expect(q?.done.failed).toEqual([]);
    expect(q?.sites).toEqual([]);
    expect(q?.scheduledMethods).toEqual([{ method: 'frappe.flush', count: 2 }]);
    expect(raw.workers[0]).toMatchObject({
      key: 'rq:worker:w1',
      exists: 1,
      pttl: 80_000,
      state: 'busy',
      lastHeartbeat: '2026-01-10T11:59:55.000000Z',
      version: '1.13.0',
      death: null,
    });
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
    expect(bad.error?.issues[0]?.path).toEqual(['workers', 0]);
  });
});
