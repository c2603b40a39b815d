import { describe, expect, it } from 'vitest';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import type { Feed } from '../../src/shared/feed.js';
import { PollingCollector } from '../../src/shared/polling-collector.js';
import { failedResult, okResult, type SourceResult } from '../../src/shared/source-result.js';
import type { DockerSnapshot } from '../../src/sources/docker/docker-snapshot.js';
import type { QueueReading } from '../../src/sources/queue/queue-collector.js';
import { queueCollector } from '../../src/sources/queue/queue-collector.js';
import type { QueueSource } from '../../src/sources/queue/core/queue-source.js';
import { AppStore, type AppFeeds } from '../../src/store/app-store.js';
import { dockerSnapshot, queueSnapshot, service, container } from '../ui/helpers/build-snapshot.js';

const thresholds = thresholdsSchema.parse({});

/** A feed the test pushes values into, counting what the store asks of it. */
class FakeFeed<V> implements Feed<V> {
  value: V | null = null;
  started = 0;
  refreshes = 0;
  paused: boolean | null = null;
  closed = false;
  private readonly listeners = new Set<() => void>();
  constructor(private readonly next: () => V = () => this.value as V) {}
  start(): void {
    this.started++;
  }
  readonly subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  readonly getSnapshot = (): V | null => this.value;
  push(value: V): void {
    this.value = value;
    for (const l of this.listeners) l();
  }
  refreshOnce(): Promise<V | null> {
    this.refreshes++;
    this.push(this.next());
    return Promise.resolve(this.value);
  }
  setPaused(paused: boolean): void {
    this.paused = paused;
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

const okDatabase = {
  name: 'database',
  kind: 'postgres',
  ok: true,
  level: 'ok',
  latencyMs: 3,
  detail: 'db answers',
} as const;

function reading(waiting: number, at: number): QueueReading {
  return { queue: okResult(queueSnapshot({ waiting }), at, 3), database: okDatabase };
}

function storeWith(feeds: AppFeeds, clock = { t: 1_000 }): AppStore {
  return new AppStore({
    target: 't',
    readOnly: false,
    intervalMs: 2_000,
    thresholds,
    queueTarget: 'postgres://db',
    feeds,
    now: () => clock.t,
  });
}

describe('AppStore folds what its collectors publish', () => {
  it('starts with off for absent feeds and loading for present ones', () => {
    const s = storeWith({ queue: new FakeFeed<QueueReading>() }).getSnapshot();
    expect(s.queue.status).toBe('loading');
    expect(s.docker.status).toBe('off');
    expect(s.probes.status).toBe('off');
    expect(s.verdict).toBeNull();
  });

  it('folds a queue reading: data, database check, readiness, one history sample', () => {
    const queue = new FakeFeed<QueueReading>();
    const store = storeWith({ queue });
    let notified = 0;
    store.subscribe(() => notified++);
    queue.push(reading(7, 1_000));
    const s = store.getSnapshot();
    expect(s.queue.status === 'ok' && s.queue.data.waiting).toBe(7);
    expect(s.database?.detail).toBe('db answers');
    expect(s.readiness.map((c) => c.name)).toContain('database');
    expect(s.readiness.map((c) => c.name)).toContain('queue');
    expect(s.verdict).not.toBeNull();
    expect(s.history.queueDepth.values).toEqual([7]);
    expect(notified).toBe(1);
  });

  it('a failed reading keeps the last data, marks the queue failed and samples a gap', () => {
    const queue = new FakeFeed<QueueReading>();
    const store = storeWith({ queue });
    queue.push(reading(7, 1_000));
    queue.push({
      queue: failedResult('connection refused', 2_000, 1_000),
      database: { ...okDatabase, ok: false, level: 'fail', detail: 'refused' },
    });
    const s = store.getSnapshot();
    expect(s.queue.status).toBe('failed');
    expect(s.queue.status === 'failed' && s.queue.last?.data.waiting).toBe(7);
    expect(s.readiness.find((c) => c.name === 'queue')?.level).toBe('fail');
    expect(s.readiness.find((c) => c.name === 'database')?.level).toBe('fail');
    expect(s.history.queueDepth.values).toEqual([7, null]);
  });

  it('without a queue, Docker pushes sample history at most once per interval', () => {
    const clock = { t: 1_000 };
    const docker = new FakeFeed<SourceResult<DockerSnapshot>>();
    const store = storeWith({ docker }, clock);
    const snap = dockerSnapshot({
      services: [service('worker', [container()], 'worker')],
    });
    docker.push(okResult(snap, clock.t, 0));
    clock.t += 500;
    docker.push(okResult(snap, clock.t, 0));
    clock.t += 2_000;
    docker.push(okResult(snap, clock.t, 0));
    const s = store.getSnapshot();
    expect(s.docker.status).toBe('ok');
    expect(s.history.workerCpu.values).toHaveLength(2);
    expect(s.readiness.find((c) => c.name === 'docker')?.level).toBe('ok');
  });

  it('refreshOnce asks every feed once and returns the folded snapshot; pause and close reach them', async () => {
    let n = 0;
    const queue = new FakeFeed<QueueReading>(() => reading(++n, 1_000));
    const alerts = new FakeFeed(() => ({
      firing: [],
      silences: 2,
      healingPausedUntil: null,
      recent: [],
      capacity: null,
    }));
    const store = storeWith({ queue, alerts });
    const s = await store.refreshOnce();
    expect(queue.refreshes).toBe(1);
    expect(alerts.refreshes).toBe(1);
    expect(s.queue.status === 'ok' && s.queue.data.waiting).toBe(1);
    expect(s.alerts?.silences).toBe(2);
    store.setPaused(true);
    expect(queue.paused).toBe(true);
    expect(store.getSnapshot().paused).toBe(true);
    const controller = new AbortController();
    const running = store.start(controller.signal);
    expect(queue.started).toBe(1);
    controller.abort();
    await running;
    await store.close();
    expect(queue.closed && alerts.closed).toBe(true);
  });
});

describe('PollingCollector', () => {
  it('never overlaps reads, and refreshOnce resolves with a reading taken after the call', async () => {
    let running = 0;
    let maxRunning = 0;
    let n = 0;
    const collector = new PollingCollector({
      intervalMs: 5,
      poll: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 15));
        running--;
        return ++n;
      },
    });
    collector.start();
    const [a, b] = await Promise.all([collector.refreshOnce(), collector.refreshOnce()]);
    expect(maxRunning).toBe(1);
    expect(a).not.toBe(b);
    expect(collector.getSnapshot()).toBeGreaterThanOrEqual(2);
    await collector.close();
    const after = n;
    await new Promise((r) => setTimeout(r, 30));
    expect(n).toBe(after);
  });

  it('skips scheduled reads while paused', async () => {
    let n = 0;
    const collector = new PollingCollector({ intervalMs: 5, poll: () => Promise.resolve(++n) });
    collector.setPaused(true);
    collector.start();
    await new Promise((r) => setTimeout(r, 30));
    expect(n).toBe(0);
    await collector.close();
  });
});

describe('queueCollector', () => {
  const source = (read: () => Promise<never> | Promise<ReturnType<typeof queueSnapshot>>) =>
    ({
      preset: 'custom',
      target: 'postgres://db',
      read,
      close: () => Promise.resolve(),
    }) as unknown as QueueSource;

  it('publishes the read with the database check it implies', async () => {
    const c = queueCollector(
      source(() => Promise.resolve(queueSnapshot({ waiting: 3 }))),
      {
        intervalMs: 1_000,
        explainFailure: null,
      },
    );
    const r = await c.refreshOnce();
    expect(r?.queue.ok).toBe(true);
    expect(r?.database.level).toBe('ok');
    expect(r?.database.detail).toBe('postgres://db answers');
  });

  it('a failed read asks explainFailure, or repeats the error without one', async () => {
    const failing = source(() => Promise.reject(new Error('relation "core_job" does not exist')));
    const explained = queueCollector(failing, {
      intervalMs: 1_000,
      explainFailure: () => Promise.resolve(okDatabase),
    });
    const r = await explained.refreshOnce();
    expect(r?.queue.ok === false && r.queue.error).toContain('core_job');
    expect(r?.database.level).toBe('ok');
    const plain = queueCollector(failing, { intervalMs: 1_000, explainFailure: null });
    const p = await plain.refreshOnce();
    expect(p?.database.level).toBe('fail');
    expect(p?.database.detail).toContain('core_job');
  });
});
