import { describe, expect, it } from 'vitest';
import { buildRqSnapshot } from '../../src/sources/queue/redis/build-rq-snapshot.js';
import { frappeBenchOf } from '../../src/sources/queue/redis/frappe-bench-of.js';
import { rqRawStateSchema } from '../../src/sources/queue/redis/rq-raw-state.js';
import { RqWindow } from '../../src/sources/queue/redis/rq-window.js';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0) / 1000;
const at = (agoS: number): string =>
  new Date((NOW - agoS) * 1000).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

function wip(
  member: string,
  jobId: string,
  scoreAgo: number,
  worker: string | null,
  alive: number,
  startedAgo: number,
  description: string | null = null,
): unknown[] {
  return [
    member,
    jobId,
    String(NOW - scoreAgo),
    1,
    'started',
    worker,
    at(startedAgo),
    at(startedAgo + 2),
    at(startedAgo + 3),
    description,
    alive,
  ];
}

/** A queue row as the read script encodes it. */
function queue(name: string, over: Record<string, unknown>): Record<string, unknown> {
  return {
    name,
    queued: 0,
    started: 0,
    finished: 0,
    failed: 0,
    deferred: 0,
    scheduled: 0,
    canceled: 0,
    head: false,
    wip: [],
    done: { finished: [], failed: [] },
    ...over,
  };
}

/** A worker row: a gone key has no fields; a live one its state and heartbeat (10 s old). */
function worker(name: string, exists: number, state: string | null, beatAgo = 10): unknown[] {
  return [
    'rq:worker:' + name,
    exists,
    exists === 1 ? state : false,
    exists === 1 ? at(beatAgo) : false,
    // rq writes pid and hostname at birth (queues.md §1.5): a fixed pid per name here.
    exists === 1 ? String(4000 + name.length) : false,
    exists === 1 ? 'bench-host' : false,
  ];
}

/** The script's answer (positional, as on the wire) through the real parser, then the builder. */
function build(
  wire: unknown,
  flavour: 'rq' | 'frappe' = 'rq',
  benchId: string | null = null,
  workerPolicy = { staleAfterMs: 120_000, deadAfterMs: 300_000 },
) {
  const window = new RqWindow(3_600_000);
  window.finish(NOW);
  return buildRqSnapshot({
    preset: flavour,
    flavour,
    raw: rqRawStateSchema.parse(wire),
    window,
    windowMs: 3_600_000,
    workerPolicy,
    benchId,
    refresh: { mode: 'full', reason: 'first refresh', roundTrips: 1, elapsedMs: 1 },
  });
}

describe('buildRqSnapshot (rq 2.x layout: job_id:execution_id members)', () => {
  const raw = {
    now: [String(NOW), '0'],
    queueNames: ['default', 'high', 'ignored'],
    queues: [
      queue('default', {
        queued: 2,
        started: 4,
        finished: 5,
        failed: 1,
        head: ['j-head', at(90), at(95), "app.tasks.mail('x')"],
        wip: [
          // Lapsed score and a dead worker: both reasons.
          wip('j1:e1', 'j1', 30, 'w-dead', 0, 900),
          // Alive, running 20 min: long-running, not stuck.
          wip('j2:e2', 'j2', -60, 'w-busy', 1, 1200),
          // No worker named, score ahead: in flight, unattributed.
          wip('j3:e3', 'j3', -60, null, -1, 5),
          // The job hash is gone: a ghost.
          ['j4:e4', 'j4', String(NOW + 60), 0, false, false, false, false, false, false, -1],
        ],
      }),
      queue('high', { queued: 1, head: ['j-new', at(5), at(5), null] }),
    ],
    workers: [worker('w-busy', 1, 'busy'), worker('w-idle', 1, 'idle'), worker('w-gone', 0, null)],
  };

  it('counts by status and by queue, oldest queued from the heads', () => {
    const { snapshot } = build(raw);
    expect(snapshot.counts).toEqual({
      queued: 3,
      started: 4,
      finished: 5,
      failed: 1,
      deferred: 0,
      scheduled: 0,
      canceled: 0,
    });
    expect(snapshot.total).toBe(13);
    expect(snapshot.waiting).toBe(3);
    expect(snapshot.inFlight).toBe(4);
    expect(snapshot.byType).toEqual([
      { type: 'default', status: 'failed', count: 1 },
      { type: 'default', status: 'finished', count: 5 },
      { type: 'default', status: 'queued', count: 2 },
      { type: 'default', status: 'started', count: 4 },
      { type: 'high', status: 'queued', count: 1 },
    ]);
    expect(snapshot.oldestWaiting).toMatchObject({ id: 'j-head', type: 'default', ageSeconds: 90 });
  });

  it('marks orphans with their reasons and keeps live jobs out of stuck', () => {
    const { snapshot, running } = build(raw);
    expect(snapshot.stuck.map((j) => j.id)).toEqual(['j1']);
    expect(snapshot.stuck[0]?.reason).toBe(
      'worker w-dead is gone (rq:worker key expired or deleted); heartbeat lapsed 30s ago (rq:wip score in the past, worker w-dead); started 15m ago',
    );
    expect(running.find((j) => j.ref.id === 'j1')).toMatchObject({
      member: 'j1:e1',
      queue: 'default',
      lapsed: true,
      workerGone: true,
    });
    expect(snapshot.running.map((j) => j.id)).toEqual(['j2', 'j1', 'j3']);
    expect(snapshot.unattributedRunning).toBe(1);
    // j4's hash is gone: counted as started (ZCARD) like rq counts it, but not in flight.
    expect(snapshot.counts.started).toBe(4);
  });

  it('lists every rq:workers member plus workers named by jobs, by the core rule', () => {
    const { snapshot } = build(raw);
    expect(snapshot.workers).toEqual([
      {
        id: 'w-busy',
        lastHeartbeatAt: (NOW - 10) * 1000,
        ageSeconds: 10,
        state: 'active',
        runningJobs: 1,
        pid: 4006,
        hostname: 'bench-host',
      },
      { id: 'w-dead', lastHeartbeatAt: null, ageSeconds: null, state: 'dead', runningJobs: 1 },
      {
        id: 'w-gone',
        lastHeartbeatAt: null,
        ageSeconds: null,
        state: 'dead',
        runningJobs: 0,
        pid: null,
        hostname: null,
      },
      {
        id: 'w-idle',
        lastHeartbeatAt: (NOW - 10) * 1000,
        ageSeconds: 10,
        state: 'active',
        runningJobs: 0,
        pid: 4006,
        hostname: 'bench-host',
      },
    ]);
  });

  it('has an empty window and null rates when nothing completed', () => {
    const { snapshot } = build(raw);
    expect(snapshot.window).toMatchObject({
      succeeded: 0,
      failed: 0,
      successRate: null,
      runP50: null,
    });
  });
});

describe('buildRqSnapshot (frappe)', () => {
  it('names in-flight jobs by their Frappe method and site', () => {
    const desc =
      "frappe.utils.background_jobs.execute_job(event=None, is_async=True, job_name='x', kwargs={}, method='erpnext.a.b', site='s2', user='Administrator')";
    const raw = {
      now: [String(NOW), '0'],
      queueNames: ['bench:default', 'bench:long', 'other:short'],
      queues: [
        queue('bench:default', {
          queued: 3,
          head: ['s1::scheduled_job::frappe.flush', at(40), at(40), null],
        }),
        queue('bench:long', {
          queued: 0,
          started: 1,
          wip: [wip('s2||x', 's2||x', -30, 'w1', 1, 30, desc)],
        }),
      ],
      workers: [worker('w1', 1, 'busy'), worker('w2', 1, 'idle')],
    };
    const { snapshot } = build(raw, 'frappe', 'bench');
    expect(snapshot.byType.map((t) => [t.type, t.status, t.count])).toEqual([
      ['default', 'queued', 3],
      ['long', 'started', 1],
    ]);
    expect(snapshot.running[0]).toMatchObject({ id: 's2||x', type: 'erpnext.a.b', group: 's2' });
    expect(snapshot.oldestWaiting).toMatchObject({
      id: 's1::scheduled_job::frappe.flush',
      type: 'frappe.flush',
      group: 's1',
    });
  });
});

describe("rq worker states (the core rule: key, then a busy worker's heartbeat age)", () => {
  const states = (
    workers: unknown[],
    wip: unknown[] = [],
    policy?: { staleAfterMs: number; deadAfterMs: number },
  ) =>
    Object.fromEntries(
      (
        build(
          {
            now: [String(NOW), '0'],
            queueNames: ['default'],
            queues: [queue('default', { started: wip.length, wip })],
            workers,
          },
          'rq',
          null,
          policy,
        ).snapshot.workers ?? []
      ).map((w) => [w.id, w.state]),
    );

  it('busy with its key: active, stale, dead by heartbeat age (fresh, 3 min, 10 min)', () => {
    expect(
      states([
        worker('w-fresh', 1, 'busy', 5),
        worker('w-3min', 1, 'busy', 180),
        worker('w-10min', 1, 'busy', 600),
      ]),
    ).toEqual({ 'w-fresh': 'active', 'w-3min': 'stale', 'w-10min': 'dead' });
  });

  it('the thresholds are the ones given (thresholds.staleHeartbeat / deadHeartbeat)', () => {
    const policy = { staleAfterMs: 60_000, deadAfterMs: 900_000 };
    expect(
      states(
        [
          worker('w-fresh', 1, 'busy', 5),
          worker('w-3min', 1, 'busy', 180),
          worker('w-10min', 1, 'busy', 600),
        ],
        [],
        policy,
      ),
    ).toEqual({ 'w-fresh': 'active', 'w-3min': 'stale', 'w-10min': 'stale' });
  });

  it('idle (or starting) with its key: active, however old its heartbeat (it beats every ~405 s)', () => {
    expect(
      states([worker('w-idle', 1, 'idle', 400), worker('w-started', 1, 'started', 3600)]),
    ).toEqual({
      'w-idle': 'active',
      'w-started': 'active',
    });
  });

  it('key gone: dead, listed or only named by a job; named with its key: active', () => {
    expect(
      states(
        [worker('w-gone', 0, null)],
        [
          wip('j1', 'j1', -60, 'w-unlisted-gone', 0, 30),
          wip('j2', 'j2', -60, 'w-unlisted-live', 1, 30),
        ],
      ),
    ).toEqual({ 'w-gone': 'dead', 'w-unlisted-gone': 'dead', 'w-unlisted-live': 'active' });
  });
});

describe('frappeBenchOf', () => {
  it('names the one bench owning short/default/long queues, else null', () => {
    expect(frappeBenchOf(['b1:default', 'b1:long', 'b1:custom', 'plain'])).toBe('b1');
    expect(frappeBenchOf(['b1:default', 'b2:short'])).toBeNull();
    expect(frappeBenchOf(['default', 'long'])).toBeNull();
  });
});
