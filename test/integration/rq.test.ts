/**
 * The rq source against the real Redis (DB 13, flushed before and after) and real rq 1.13
 * workers from Debian's python3-rq. rq's own answers (`rq info --raw` and the rq library
 * through test/fixtures/rq/rqctl.py) are the oracle for every count.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRefusedError, SourceUnreachableError } from '../../src/shared/errors.js';
import { createRqQueueSource } from '../../src/sources/queue/redis/create-rq-queue-source.js';
import type { QueueSnapshot } from '../../src/sources/queue/core/queue-snapshot.js';
import type { RqQueueSource } from '../../src/sources/queue/redis/rq-queue-source.js';
import { requireComponent } from '../helpers/require-component.js';
import {
  childPids,
  requireRq,
  rqctl,
  rqInfo,
  startRqWorker,
  waitFor,
  type RqWorkerProcess,
} from '../helpers/rq-env.js';

const DB = 13;
const URL = `redis://127.0.0.1:6379/${DB}`;
const redisUp = await requireComponent('redis');
const rqUp = redisUp.available ? await requireRq() : redisUp;
if (!rqUp.available) console.warn(rqUp.reason);

type Counts = Record<string, Record<string, number>>;
const STATUSES = ['queued', 'started', 'finished', 'failed', 'deferred', 'scheduled', 'canceled'];

function source(extra: Partial<Parameters<typeof createRqQueueSource>[0]> = {}): RqQueueSource {
  return createRqQueueSource({
    url: URL,
    urlEnv: 'REDIS_URL',
    flavour: 'rq',
    windowMs: 3_600_000,
    staleHeartbeatMs: 120_000,
    deadHeartbeatMs: 300_000,
    readOnly: false,
    ...extra,
  });
}

/** Our per-queue counts (the snapshot's counts by type: rq's type is the queue) in rqctl's shape. */
function ours(snap: QueueSnapshot, names: readonly string[]): Counts {
  const count = (queue: string, status: string): number =>
    snap.byType.find((t) => t.type === queue && t.status === status)?.count ?? 0;
  return Object.fromEntries(
    names.map((q) => [q, Object.fromEntries(STATUSES.map((s) => [s, count(q, s)]))]),
  );
}

/** The queues a snapshot shows (those with a job in any status), as displayed. */
function shownQueues(snap: QueueSnapshot): string[] {
  return [...new Set(snap.byType.map((t) => t.type))].sort();
}

async function enqueue(specs: unknown[]): Promise<string[]> {
  return (await rqctl('enqueue', specs, URL)) as string[];
}

describe.skipIf(!rqUp.available)('rq source (real Redis, real rq 1.13 workers)', () => {
  let admin: Redis;
  let src: RqQueueSource;
  const workers: RqWorkerProcess[] = [];
  const holdDir = mkdtempSync(join(tmpdir(), 'jobdeck-rq-'));
  let liveJob = '';
  let doomedJob = '';

  beforeAll(async () => {
    admin = new Redis(URL);
    await admin.flushdb();
    src = source();
  });

  afterAll(async () => {
    // Release held jobs, then stop the workers this suite started (by pid only).
    writeFileSync(join(holdDir, 'live'), '');
    for (const w of workers) {
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
    }
    await Promise.all(workers.map((w) => Promise.race([w.exited, sleep(5000)])));
    for (const w of workers) {
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    }
    await src.close();
    await admin.flushdb();
    admin.disconnect();
    rmSync(holdDir, { recursive: true, force: true });
  });

  it('counts every status, the oldest queued job and the window like rq does', async () => {
    await enqueue([
      ...Array.from({ length: 5 }, (_, i) => ({ queue: 'alpha', func: 'ok', args: [i] })),
      ...Array.from({ length: 3 }, () => ({ queue: 'alpha', func: 'fail' })),
      { queue: 'beta', func: 'ok' },
      { queue: 'beta', func: 'ok' },
    ]);
    const burst = startRqWorker({
      url: URL,
      name: 'jobdeck-burst',
      queues: ['alpha', 'beta'],
      burst: true,
    });
    workers.push(burst);
    expect(await burst.exited, burst.output()).toBe(0);
    const [oldestId] = await enqueue([{ queue: 'gamma', func: 'ok' }]);
    await sleep(1100);
    await enqueue([
      { queue: 'gamma', func: 'ok' },
      { queue: 'gamma', func: 'ok', in_seconds: 3600 },
      { queue: 'gamma', func: 'ok', cancel: true },
    ]);
    // A dependent of a queued job waits in the deferred registry.
    await enqueue([
      { queue: 'delta', func: 'ok' },
      { queue: 'delta', func: 'ok', depends_on: 0 },
    ]);

    const snap = await src.read();
    const names = ['alpha', 'beta', 'gamma', 'delta'];
    // No registry entry has expired yet, so rq's counting (which cleans first) changes nothing.
    const theirs = (await rqctl('counts', names, URL)) as Counts;
    expect(ours(snap, names)).toEqual(theirs);
    const info = await rqInfo(URL);
    for (const [name, queued] of info.queues) expect(ours(snap, [name])[name]?.queued).toBe(queued);

    expect(snap.counts).toEqual({
      queued: 3,
      started: 0,
      finished: 7,
      failed: 3,
      deferred: 1,
      scheduled: 1,
      canceled: 1,
    });
    expect(snap.total).toBe(16);
    expect(snap.waiting).toBe(3);
    expect(snap.inFlight).toBe(0);
    expect(snap.byType).toContainEqual({ type: 'alpha', status: 'finished', count: 5 });
    expect(snap.byType).toContainEqual({ type: 'alpha', status: 'failed', count: 3 });
    expect(snap.oldestWaiting?.id).toBe(oldestId);
    expect(snap.oldestWaiting?.type).toBe('gamma');
    expect(snap.oldestWaiting?.ageSeconds).toBeGreaterThanOrEqual(1);
    expect(snap.window.succeeded).toBe(7);
    expect(snap.window.failed).toBe(3);
    expect(snap.window.failureRate).toBeCloseTo(0.3, 5);
    expect(snap.window.runP50).not.toBeNull();
    expect(snap.window.waitP95).not.toBeNull();
    expect(snap.stuck).toEqual([]);
    expect(snap.refresh).toMatchObject({ mode: 'full', roundTrips: 1 });

    // Steady state: one EVALSHA, and completions already counted are not counted again.
    const again = await src.read();
    expect(again.refresh).toMatchObject({ mode: 'incremental', roundTrips: 1 });
    expect(again.window.succeeded).toBe(7);
    expect(again.window.failed).toBe(3);
  });

  it('shows a long job held by a live worker as running, not stuck', async () => {
    const live = startRqWorker({ url: URL, name: 'jobdeck-live', queues: ['slow'] });
    workers.push(live);
    [liveJob = ''] = await enqueue([
      { queue: 'slow', func: 'hold', args: [join(holdDir, 'live')] },
    ]);
    const snap = await waitFor('the held job to start', async () => {
      const s = await src.read();
      return s.running.some((j) => j.id === liveJob) ? s : null;
    });
    const job = snap.running.find((j) => j.id === liveJob);
    expect(job).toMatchObject({ worker: 'jobdeck-live', status: 'started', type: 'slow' });
    expect(job?.startedAt).not.toBeNull();
    expect(snap.stuck).toEqual([]);
    expect(snap.workers).toContainEqual(
      expect.objectContaining({ id: 'jobdeck-live', state: 'active', runningJobs: 1 }),
    );
    expect((await rqctl('counts', ['slow'], URL)) as Counts).toEqual(ours(snap, ['slow']));
    const info = await rqInfo(URL);
    expect(info.workers).toContainEqual({ name: 'jobdeck-live', state: 'busy', queues: ['slow'] });
  });

  it('orphans the job of a worker killed with kill -9 once its key is gone; cleanup moves exactly that job', async () => {
    const doomed = startRqWorker({ url: URL, name: 'jobdeck-doomed', queues: ['doomed'] });
    workers.push(doomed);
    [doomedJob = ''] = await enqueue([
      { queue: 'doomed', func: 'hold', args: [join(holdDir, 'never')], kwargs: { limit: 300 } },
    ]);
    await waitFor('the doomed job to start', async () =>
      (await src.read()).running.some((j) => j.id === doomedJob),
    );
    // The forking worker runs the job in a work horse in its own session: kill both, as a
    // host crash would, so nobody finishes or fails the job.
    const horses = await waitFor('the work horse', () =>
      Promise.resolve(childPids(doomed.pid).length > 0 && childPids(doomed.pid)),
    );
    process.kill(doomed.pid, 'SIGKILL');
    for (const pid of horses) process.kill(pid, 'SIGKILL');
    await doomed.exited;

    // The key still has up to 90 s to live (busy heartbeat ttl) and the wip score is ahead:
    // nothing yet says the job is orphaned.
    let snap = await src.read();
    expect(snap.stuck).toEqual([]);
    // Simulated expiry of the worker key: rq would take up to job_monitoring_interval + 60 s
    // (90 s) for it to lapse on its own; that wait says nothing more about our rule.
    await admin.pexpire('rq:worker:jobdeck-doomed', 1);
    await waitFor(
      'the worker key to expire',
      async () => (await admin.exists('rq:worker:jobdeck-doomed')) === 0,
    );

    snap = await src.read();
    expect(snap.stuck.map((j) => j.id)).toEqual([doomedJob]);
    expect(snap.stuck[0]?.worker).toBe('jobdeck-doomed');
    expect(snap.stuck[0]?.reason).toMatch(/worker jobdeck-doomed is gone/);
    expect(snap.running.map((j) => j.id).sort()).toEqual([liveJob, doomedJob].sort());
    expect(snap.workers).toContainEqual(
      expect.objectContaining({ id: 'jobdeck-doomed', state: 'dead', runningJobs: 1 }),
    );
    expect(snap.workers).toContainEqual(
      expect.objectContaining({ id: 'jobdeck-live', state: 'active', runningJobs: 1 }),
    );

    const dead = await src.planCleanup('dead-workers');
    expect(dead.items.map((i) => i.id)).toEqual([doomedJob]);
    expect(dead.summary).toMatch(/^move 1 orphaned \(dead worker\) job from started to failed/);
    expect(dead.statement).toMatch(/ZADD rq:failed/);
    expect((await src.planCleanup('stuck')).items.map((i) => i.id)).toEqual([doomedJob]);

    const readOnly = source({ readOnly: true });
    await expect(readOnly.runCleanup(dead)).rejects.toBeInstanceOf(ActionRefusedError);
    await readOnly.close();

    const result = await src.runCleanup(dead);
    expect(result).toEqual({ kind: 'dead-workers', marked: [doomedJob], skipped: [] });
    const moved = (await rqctl('job', doomedJob, URL)) as Record<string, unknown>;
    expect(moved).toMatchObject({ status: 'failed', in_failed: true, in_started: false });
    expect(moved.exc_info).toMatch(
      /AbandonedJobError.*jobdeck cleanup: worker jobdeck-doomed is gone/,
    );
    // Never deleted: the hash stays, expiring with its failed-registry entry like any failed job.
    expect(moved.ttl).toBeGreaterThan(31_000_000);
    const untouched = (await rqctl('job', liveJob, URL)) as Record<string, unknown>;
    expect(untouched).toMatchObject({ status: 'started', in_started: true, in_failed: false });

    // The plan re-run: the condition is re-checked inside the script, so nothing happens.
    expect(await src.runCleanup(dead)).toEqual({
      kind: 'dead-workers',
      marked: [],
      skipped: [doomedJob],
    });

    snap = await src.read();
    expect(snap.stuck).toEqual([]);
    expect(ours(snap, ['doomed', 'slow'])).toEqual(await rqctl('counts', ['doomed', 'slow'], URL));
    // The moved job counts as a failure now (its end is the failed score − failure_ttl).
    expect(snap.window.failed).toBe(4);
  });

  it("flags a lapsed rq:wip score the way rq's own abandoned-job rule does", async () => {
    const lapsing = startRqWorker({ url: URL, name: 'jobdeck-lapsed', queues: ['lapsed'] });
    workers.push(lapsing);
    const [job = ''] = await enqueue([
      { queue: 'lapsed', func: 'hold', args: [join(holdDir, 'never')], kwargs: { limit: 300 } },
    ]);
    await waitFor('the job to start', async () =>
      (await src.read()).running.some((j) => j.id === job),
    );
    const horses = await waitFor('the work horse', () =>
      Promise.resolve(childPids(lapsing.pid).length > 0 && childPids(lapsing.pid)),
    );
    process.kill(lapsing.pid, 'SIGKILL');
    for (const pid of horses) process.kill(pid, 'SIGKILL');
    await lapsing.exited;
    // Simulated lapse: with nobody heart-beating, the score (now + ~90 s) would pass on its
    // own; move it 5 s into the past instead. The worker key is still alive.
    const [member = ''] = await admin.zrange('rq:wip:lapsed', '0', '0');
    await admin.zadd('rq:wip:lapsed', 'XX', Math.floor(Date.now() / 1000) - 5, member);

    const snap = await src.read();
    const stuck = snap.stuck.find((j) => j.id === job);
    expect(stuck?.reason).toMatch(
      /heartbeat lapsed \d+s ago \(rq:wip score in the past, worker jobdeck-lapsed\)/,
    );
    expect(stuck?.reason).not.toMatch(/is gone/);
    expect((await src.planCleanup('dead-workers')).items).toEqual([]);
    expect((await src.planCleanup('stuck')).items.map((i) => i.id)).toEqual([job]);
    expect(ours(snap, ['lapsed'])).toEqual({
      lapsed: {
        queued: 0,
        started: 1,
        finished: 0,
        failed: 0,
        deferred: 0,
        scheduled: 0,
        canceled: 0,
      },
    });

    // rq's own count runs StartedJobRegistry.cleanup: it moves exactly the job we flagged.
    const theirs = (await rqctl('counts', ['lapsed'], URL)) as Counts;
    expect(theirs.lapsed).toMatchObject({ started: 0, failed: 1 });
    const moved = (await rqctl('job', job, URL)) as Record<string, unknown>;
    expect(moved.exc_info).toMatch(/^Moved to FailedJobRegistry at /);
    expect(ours(await src.read(), ['lapsed'])).toEqual(theirs);
  });

  it('agrees with rq info on the workers, then sees the held job finish', async () => {
    const snap = await src.read();
    const info = await rqInfo(URL);
    expect(
      snap.workers
        ?.filter((w) => w.state === 'active')
        .map((w) => w.id)
        .sort(),
    ).toEqual(info.workers.map((w) => w.name).sort());

    writeFileSync(join(holdDir, 'live'), '');
    const done = await waitFor('the held job to finish', async () => {
      const s = await src.read();
      return s.inFlight === 0 ? s : null;
    });
    expect(done.window.succeeded).toBe(8);
    // Idle now, with its key: active, whatever its heartbeat's age.
    expect(done.workers).toContainEqual(
      expect.objectContaining({ id: 'jobdeck-live', state: 'active', runningJobs: 0 }),
    );
  });
});

describe.skipIf(!rqUp.available)('frappe flavour (real Redis, real rq 1.13 workers)', () => {
  let admin: Redis;
  const bench = mkdtempSync(join(tmpdir(), 'jobdeck-bench-'));
  const b = 'frappe-bench';
  const ids: Record<string, string> = {};

  const frappeJob = (queue: string, site: string, method: string, jobId?: string) => ({
    queue: `${b}:${queue}`,
    func: 'execute_job',
    kwargs: { site, user: 'Administrator', method, job_name: method, is_async: true, kwargs: {} },
    ...(jobId === undefined ? {} : { job_id: jobId }),
    timeout: queue === 'long' ? 1500 : 300,
  });

  beforeAll(async () => {
    admin = new Redis(URL);
    await admin.flushdb();
    mkdirSync(join(bench, 'sites', 'site1.local'), { recursive: true });
    mkdirSync(join(bench, 'sites', 'site2.local'), { recursive: true });
    mkdirSync(join(bench, 'sites', 'assets'), { recursive: true });
    writeFileSync(join(bench, 'sites', 'common_site_config.json'), JSON.stringify({ bench_id: b }));
    writeFileSync(join(bench, 'sites', 'site1.local', 'site_config.json'), '{"db_name":"_1"}');
    writeFileSync(join(bench, 'sites', 'site2.local', 'site_config.json'), '{"pause_scheduler":1}');
    // Processed by a burst worker on `short`: two successes and a failure.
    [ids.ok1 = '', ids.ok2 = '', ids.failed = ''] = await enqueue([
      frappeJob('short', 'site1.local', 'frappe.desk.ok', 'site1.local::aaa'),
      frappeJob('short', 'site2.local', 'frappe.desk.ok', 'site2.local||bbb'),
      frappeJob('short', 'site1.local', 'erpnext.stock.fail', 'site1.local::ccc'),
    ]);
    const w = startRqWorker({
      url: URL,
      name: 'frappe-short',
      queues: [`${b}:short`],
      burst: true,
    });
    expect(await w.exited, w.output()).toBe(0);
    // Left queued: v15 ids, a scheduler job, a v14 uuid (site only in the description), and
    // another bench's queue on the same Redis.
    await enqueue([
      frappeJob(
        'default',
        'site1.local',
        'frappe.email.queue.flush',
        'site1.local::scheduled_job::frappe.email.queue.flush',
      ),
      frappeJob('default', 'site2.local', 'frappe.x.y', 'site2.local::ddd'),
      frappeJob('default', 'site2.local', 'frappe.x.z', 'site2.local::eee'),
      frappeJob('long', 'site1.local', 'erpnext.big.job'),
      {
        ...frappeJob('short', 'elsewhere.local', 'other.method', 'elsewhere.local::fff'),
        queue: 'other-bench:short',
      },
    ]);
  });

  afterAll(async () => {
    await admin.flushdb();
    admin.disconnect();
    rmSync(bench, { recursive: true, force: true });
  });

  it('shows this bench’s queues by their short names (bench id from benchPath), like rq counts them', async () => {
    const src = source({ flavour: 'frappe', benchPath: bench });
    const snap = await src.read();
    await src.close();
    expect(snap.preset).toBe('frappe');
    // Another bench's queue on the same Redis is not shown.
    expect(shownQueues(snap)).toEqual(['default', 'long', 'short']);
    const info = await rqInfo(URL);
    for (const q of ['default', 'long', 'short']) {
      expect(ours(snap, [q])[q]?.queued).toBe(info.queues.get(`${b}:${q}`));
    }
    expect(snap.counts).toMatchObject({ queued: 4, finished: 2, failed: 1 });
    expect(snap.byType.map((t) => t.type)).toEqual(['default', 'long', 'short', 'short']);
    expect(snap.oldestWaiting).toMatchObject({
      id: 'site1.local::scheduled_job::frappe.email.queue.flush',
      type: 'frappe.email.queue.flush',
      group: 'site1.local',
    });
    expect(snap.window).toMatchObject({ succeeded: 2, failed: 1 });
  });

  it('detects the bench id from the queue names when it is not configured', async () => {
    await admin.del('rq:queue:other-bench:short');
    await admin.srem('rq:queues', 'rq:queue:other-bench:short');
    const src = source({ flavour: 'frappe' });
    expect(shownQueues(await src.read())).toEqual(['default', 'long', 'short']);
    // The second refresh asks only for this bench's queues.
    expect(shownQueues(await src.read())).toEqual(['default', 'long', 'short']);
    await src.close();
  });
});

describe.skipIf(!redisUp.available)('rq 2.x key layout (written as rq 2.x writes it)', () => {
  let admin: Redis;
  const exec = '0123456789abcdef0123456789abcdef';
  const utc = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '000Z');

  beforeAll(async () => {
    admin = new Redis(URL);
    await admin.flushdb();
    const now = Date.now();
    const job = (id: string, worker: string) =>
      admin.hset(`rq:job:${id}`, {
        status: 'started',
        origin: 'v2',
        worker_name: worker,
        created_at: utc(now - 5000),
        enqueued_at: utc(now - 5000),
        started_at: utc(now - 3000),
        last_heartbeat: utc(now - 1000),
        ended_at: '',
        timeout: '180',
        description: 'app.tasks.resize(7)',
      });
    await admin.sadd('rq:queues', 'rq:queue:v2');
    await job('j2x', 'w-v2-gone');
    // An rq 1.x member whose job id itself has colons (Frappe v15) must stay whole.
    await job('site1.local::abc', 'w-v2-live');
    const future = Math.floor(now / 1000) + 60;
    await admin.zadd('rq:wip:v2', future, `j2x:${exec}`, future, 'site1.local::abc');
    await admin.hset(`rq:execution:j2x:${exec}`, { id: exec, created_at: String(now / 1000) });
    await admin.sadd('rq:workers', 'rq:worker:w-v2-gone', 'rq:worker:w-v2-live');
    await admin.hset('rq:worker:w-v2-live', {
      state: 'busy',
      queues: 'v2',
      birth: utc(now - 60_000),
    });
    await admin.expire('rq:worker:w-v2-live', 60);
  });

  afterAll(async () => {
    await admin.flushdb();
    admin.disconnect();
  });

  it('reads job_id:execution_id members and moves the orphan as rq 2.2+ would', async () => {
    const src = source();
    const snap = await src.read();
    expect(snap.running.map((j) => j.id).sort()).toEqual(['j2x', 'site1.local::abc']);
    expect(snap.stuck.map((j) => [j.id, j.worker])).toEqual([['j2x', 'w-v2-gone']]);
    const plan = await src.planCleanup('dead-workers');
    expect(await src.runCleanup(plan)).toEqual({
      kind: 'dead-workers',
      marked: ['j2x'],
      skipped: [],
    });
    await src.close();
    expect(await admin.zrange('rq:wip:v2', '0', '-1')).toEqual(['site1.local::abc']);
    const score = Number(await admin.zscore('rq:failed:v2', 'j2x'));
    expect(score - Date.now() / 1000).toBeGreaterThan(31_536_000 - 120);
    expect(await admin.hget('rq:job:j2x', 'status')).toBe('failed');
    const exc = await admin.hgetBuffer('rq:job:j2x', 'exc_info');
    expect(inflateSync(exc ?? Buffer.alloc(0)).toString()).toMatch(
      /^Moved to FailedJobRegistry, due to AbandonedJobError, at .* \(jobdeck cleanup: worker w-v2-gone is gone/,
    );
    // The execution record is rq's own bookkeeping with its own ttl: left alone.
    expect(await admin.exists(`rq:execution:j2x:${exec}`)).toBe(1);
  });
});

describe.skipIf(!redisUp.available)('rq source errors', () => {
  it('names the endpoint and never the password when Redis is unreachable', async () => {
    const src = createRqQueueSource({
      url: 'redis://:pw-s3cret-x@127.0.0.1:1/13',
      urlEnv: 'REDIS_URL',
      flavour: 'rq',
      windowMs: 3_600_000,
      staleHeartbeatMs: 120_000,
      deadHeartbeatMs: 300_000,
      readOnly: true,
      commandTimeoutMs: 1000,
    });
    expect(src.target).toBe('redis://127.0.0.1:1/13');
    const error = await src.read().then(
      () => null,
      (e: unknown) => e,
    );
    await src.close();
    expect(error).toBeInstanceOf(SourceUnreachableError);
    expect((error as Error).message).toMatch(
      /cannot connect to Redis at redis:\/\/127\.0\.0\.1:1\/13: connection refused/,
    );
    expect((error as Error).message).not.toMatch(/pw-s3cret-x/);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
