/**
 * bench/rq.ts — the refresh cost of the rq source: 50 queues, 200 k queued jobs, 20
 * workers (10 busy), recent completions in every finished/failed registry, and 20 new
 * completions between refreshes (one round every --interval ms, default 200: 100 jobs/s). Prints, per refresh: wall time, round trips (counted by
 * MONITOR: commands from jobdeck's connection, script-internal calls excluded) and Redis
 * time (INFO commandstats usec of EVALSHA/EVAL, i.e. the time the server spent in the
 * script). Side by side: `rq info` (the CLI, wall time and the commands it sends) and the
 * same numbers through the rq library in one Python process.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench-build/bench/rq.js [--rounds 50]
 *     [--queues 50] [--queued 200000] [--workers 20] [--interval 200] [--slack 10]
 *   BENCH_REDIS_URL=redis://127.0.0.1:6390/0   use this server (its DB is FLUSHED) instead
 *                                              of starting a private redis-server
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { percentile } from '../src/sources/queue/core/percentile.js';
import { createRqQueueSource } from '../src/sources/queue/redis/create-rq-queue-source.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROUNDS = flag('rounds', 50);
const QUEUES = flag('queues', 50);
const QUEUED = flag('queued', 200_000);
const WORKERS = flag('workers', 20);
const COMPLETIONS_PER_ROUND = 20;
/** The source's clock slack (s): completions within it are re-listed (ids only) each refresh. */
const SLACK_S = flag('slack', 10);
/** Pause between rounds: 20 completions per 200 ms is a busy fleet (100 jobs/s, 360 k/h). */
const INTERVAL_MS = flag('interval', 200);

const utc = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '000Z');
const qname = (i: number): string => `bench-q${String(i).padStart(2, '0')}`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => {
        resolve(typeof addr === 'object' && addr !== null ? addr.port : 0);
      });
    });
  });
}

async function startRedis(): Promise<{ url: string; child: ChildProcess | null }> {
  const given = process.env.BENCH_REDIS_URL;
  if (given !== undefined) return { url: given, child: null };
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}/0`;
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
  probe.on('error', () => undefined);
  for (let i = 0; i < 100; i++) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return { url, child };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`redis-server on port ${port} did not start`);
}

/** Writes the keys rq 1.13 would write, in pipelines of ~10 k commands. */
async function populate(redis: Redis): Promise<void> {
  await redis.flushdb();
  const now = Date.now();
  const nowS = Math.floor(now / 1000);
  let p = redis.pipeline();
  let pending = 0;
  const flush = async (force = false): Promise<void> => {
    if (pending >= 10_000 || (force && pending > 0)) {
      await p.exec();
      p = redis.pipeline();
      pending = 0;
    }
  };
  const perQueue = Math.floor(QUEUED / QUEUES);
  for (let q = 0; q < QUEUES; q++) {
    const name = qname(q);
    p.sadd('rq:queues', `rq:queue:${name}`);
    pending++;
    for (let j = 0; j < perQueue; j++) {
      const id = `${name}-job-${j}`;
      const t = utc(now - (perQueue - j) * 50);
      p.hset(`rq:job:${id}`, {
        status: 'queued',
        origin: name,
        created_at: t,
        enqueued_at: t,
        description: `app.tasks.work(${j})`,
        timeout: '180',
        data: 'x'.repeat(120),
        started_at: '',
        ended_at: '',
        last_heartbeat: '',
        worker_name: '',
      });
      p.rpush(`rq:queue:${name}`, id);
      pending += 2;
      await flush();
    }
    // Recent history: 20 finished and 5 failed per queue.
    for (let j = 0; j < 25; j++) {
      const id = `${name}-done-${j}`;
      const end = now - j * 10_000;
      const ok = j < 20;
      p.hset(`rq:job:${id}`, {
        status: ok ? 'finished' : 'failed',
        origin: name,
        created_at: utc(end - 5000),
        enqueued_at: utc(end - 5000),
        started_at: utc(end - 2000),
        ended_at: utc(end),
        description: `app.tasks.work(${j})`,
      });
      p.zadd(
        ok ? `rq:finished:${name}` : `rq:failed:${name}`,
        Math.floor(end / 1000) + (ok ? 500 : 31_536_000),
        id,
      );
      pending += 2;
    }
    await flush();
  }
  for (let w = 0; w < WORKERS; w++) {
    const name = `bench-worker-${w}`;
    const key = `rq:worker:${name}`;
    const queue = qname(w % QUEUES);
    const busy = w < WORKERS / 2;
    p.sadd('rq:workers', key);
    p.hset(key, {
      birth: utc(now - 3_600_000),
      last_heartbeat: utc(now - 5000),
      queues: queue,
      pid: String(1000 + w),
      hostname: 'bench',
      state: busy ? 'busy' : 'idle',
      successful_job_count: '100',
      failed_job_count: '3',
      total_working_time: '1800.5',
      version: '1.13.0',
    });
    p.expire(key, busy ? 90 : 480);
    pending += 3;
    if (busy) {
      const id = `${name}-current`;
      p.hset(key, 'current_job', id);
      p.hset(`rq:job:${id}`, {
        status: 'started',
        origin: queue,
        worker_name: name,
        created_at: utc(now - 20_000),
        enqueued_at: utc(now - 20_000),
        started_at: utc(now - 10_000),
        last_heartbeat: utc(now - 5000),
        description: 'app.tasks.long()',
        timeout: '180',
      });
      p.zadd(`rq:wip:${queue}`, nowS + 85, id);
      pending += 3;
    }
  }
  await flush(true);
}

/** Between refreshes: a few jobs complete, as workers would record them. */
async function complete(redis: Redis, round: number): Promise<void> {
  const p = redis.pipeline();
  const now = Date.now();
  for (let i = 0; i < COMPLETIONS_PER_ROUND; i++) {
    const name = qname((round * COMPLETIONS_PER_ROUND + i) % QUEUES);
    const id = `${name}-r${round}-${i}`;
    p.hset(`rq:job:${id}`, {
      status: 'finished',
      origin: name,
      created_at: utc(now - 3000),
      enqueued_at: utc(now - 3000),
      started_at: utc(now - 1000),
      ended_at: utc(now),
      description: 'app.tasks.work()',
    });
    p.zadd(`rq:finished:${name}`, Math.floor(now / 1000) + 500, id);
  }
  await p.exec();
}

async function commandStats(redis: Redis): Promise<Map<string, { calls: number; usec: number }>> {
  const text = await redis.info('commandstats');
  const out = new Map<string, { calls: number; usec: number }>();
  for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    out.set(m[1] ?? '', { calls: Number(m[2]), usec: Number(m[3]) });
  }
  return out;
}

function delta(
  before: Map<string, { calls: number; usec: number }>,
  after: Map<string, { calls: number; usec: number }>,
  only?: readonly string[],
): { calls: number; usec: number } {
  let calls = 0;
  let usec = 0;
  for (const [name, a] of after) {
    if (only !== undefined && !only.includes(name)) continue;
    if (name === 'info') continue;
    const b = before.get(name) ?? { calls: 0, usec: 0 };
    calls += a.calls - b.calls;
    usec += a.usec - b.usec;
  }
  return { calls, usec };
}

const RQ_API_TIMING = String.raw`
import json, sys, time
from redis import Redis
from rq import Queue, Worker
from rq.registry import (StartedJobRegistry, FinishedJobRegistry, FailedJobRegistry,
    DeferredJobRegistry, ScheduledJobRegistry, CanceledJobRegistry)
conn = Redis.from_url(sys.argv[1])
def refresh():
    out = {}
    for q in Queue.all(connection=conn):
        out[q.name] = [q.count] + [R(queue=q).count for R in (StartedJobRegistry,
            FinishedJobRegistry, FailedJobRegistry, DeferredJobRegistry,
            ScheduledJobRegistry, CanceledJobRegistry)]
    workers = [(w.name, w.get_state()) for w in Worker.all(connection=conn)]
    return out, workers
refresh()
times = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter(); refresh(); times.append((time.perf_counter() - t) * 1000)
times.sort()
print(json.dumps({"median": times[len(times) // 2], "p95": times[int(len(times) * 0.95)]}))
`;

async function main(): Promise<void> {
  const { url, child } = await startRedis();
  const admin = new Redis(url);
  try {
    const started = performance.now();
    await populate(admin);
    const dbsize = await admin.dbsize();
    console.log(
      `populated ${QUEUES} queues, ${QUEUED.toLocaleString()} queued jobs, ${WORKERS} workers (${dbsize.toLocaleString()} keys) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    // Round trips are counted with MONITOR (our connection's top-level commands; calls made
    // inside the script show as "lua"). MONITOR slows every command down, so it runs only
    // around the first refresh and a few counting refreshes, never during the timed ones.
    const monitorBase = admin.duplicate();
    monitorBase.on('error', () => undefined);
    const monitor = await monitorBase.monitor();
    monitor.on('error', () => undefined);
    let sent: string[] = [];
    monitor.on('monitor', (_time: string, argv: string[], source: string) => {
      const name = (argv[0] ?? '').toLowerCase();
      // The bench's own bookkeeping (INFO, writes) is not jobdeck's.
      if (source === 'lua' || ['info', 'hset', 'zadd', 'monitor'].includes(name)) return;
      sent.push(name);
    });
    const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 150));
    await settle();

    const src = createRqQueueSource({
      url,
      urlEnv: 'BENCH_REDIS_URL',
      flavour: 'rq',
      windowMs: 3_600_000,
      staleHeartbeatMs: 120_000,
      deadHeartbeatMs: 300_000,
      readOnly: true,
      clockSlackMs: SLACK_S * 1000,
    });
    const s0 = await commandStats(admin);
    const t0 = performance.now();
    const first = await src.read();
    const firstWall = performance.now() - t0;
    const firstRedis = delta(s0, await commandStats(admin), ['evalsha', 'eval']);
    await settle();
    const firstSent = sent.join(', ');
    if (
      first.counts.queued !== Math.floor(QUEUED / QUEUES) * QUEUES ||
      first.inFlight !== WORKERS / 2
    ) {
      throw new Error(`unexpected counts ${JSON.stringify(first.counts)}`);
    }
    const tripCounts: number[] = [];
    for (let round = 0; round < 5; round++) {
      await complete(admin, 1000 + round);
      await settle();
      sent = [];
      await src.read();
      await settle();
      tripCounts.push(sent.length);
    }
    monitor.disconnect();
    monitorBase.disconnect();

    const wall: number[] = [];
    const redisUs: number[] = [];
    let succeeded = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await new Promise((r) => setTimeout(r, INTERVAL_MS));
      await complete(admin, round);
      const before = await commandStats(admin);
      const t = performance.now();
      const snap = await src.read();
      wall.push(performance.now() - t);
      redisUs.push(delta(before, await commandStats(admin), ['evalsha', 'eval']).usec);
      succeeded = snap.window.succeeded;
    }
    // CPU time of the private redis-server over back-to-back refreshes: unlike the usec
    // above it does not grow when other processes compete for the CPU.
    let cpuPerRefreshMs: number | null = null;
    if (child?.pid !== undefined) {
      const cpu = (): number => {
        const fields =
          readFileSync(`/proc/${String(child.pid)}/stat`, 'utf8')
            .split(') ')[1]
            ?.split(' ') ?? [];
        // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 Hz).
        return (Number(fields[11]) + Number(fields[12])) * 10;
      };
      const n = 300;
      const before = cpu();
      for (let i = 0; i < n; i++) await src.read();
      cpuPerRefreshMs = (cpu() - before) / n;
    }
    await src.close();
    const expected = QUEUES * 20 + (ROUNDS + 5) * COMPLETIONS_PER_ROUND;
    if (succeeded !== expected)
      throw new Error(`window saw ${succeeded} completions, expected ${expected}`);

    const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
    const med = (xs: number[]): number => percentile(sorted(xs), 0.5) ?? NaN;
    const p95 = (xs: number[]): number => percentile(sorted(xs), 0.95) ?? NaN;

    // rq info: the CLI once per run (Python start-up included), and the commands it sends.
    const infoRuns: number[] = [];
    let infoCmds = { calls: 0, usec: 0 };
    for (let i = 0; i < 5; i++) {
      const b = await commandStats(admin);
      const t = performance.now();
      await run('/usr/bin/rq', ['info', '--url', url]);
      infoRuns.push(performance.now() - t);
      infoCmds = delta(b, await commandStats(admin));
    }
    const api = JSON.parse(
      (await run('/usr/bin/python3', ['-c', RQ_API_TIMING, url, '20'])).stdout,
    ) as { median: number; p95: number };

    const f = (n: number): string => n.toFixed(2);
    console.log('');
    console.log(
      `| ${QUEUES} queues, ${QUEUED.toLocaleString()} queued, ${WORKERS} workers, ${ROUNDS} rounds, ${String((COMPLETIONS_PER_ROUND * 1000) / INTERVAL_MS)} completions/s, clock slack ${SLACK_S} s | |`,
    );
    console.log('| --- | --- |');
    console.log(
      `| first refresh (connect + EVAL, script sent once; reads the whole window) | wall ${f(firstWall)} ms, Redis ${f(firstRedis.usec / 1000)} ms, ${firstSent.split(', ').length} commands (${firstSent}; timed with MONITOR on) |`,
    );
    console.log(`| steady refresh, wall | median ${f(med(wall))} ms, p95 ${f(p95(wall))} ms |`);
    console.log(
      `| steady refresh, Redis time (EVALSHA usec) | **median ${f(med(redisUs) / 1000)} ms**, min ${f(Math.min(...redisUs) / 1000)} ms, p95 ${f(p95(redisUs) / 1000)} ms, max ${f(Math.max(...redisUs) / 1000)} ms (target ≤ 5 ms) |`,
    );
    console.log(
      `| round trips per steady refresh (MONITOR) | ${[...new Set(tripCounts)].join(', ')} |`,
    );
    if (cpuPerRefreshMs !== null) {
      console.log(
        `| redis-server CPU per refresh (/proc utime+stime, 300 back-to-back) | ${f(cpuPerRefreshMs)} ms |`,
      );
    }
    console.log(
      `| \`rq info\` (CLI, incl. Python start-up) | median ${f(med(infoRuns))} ms wall; ${infoCmds.calls} commands, ${f(infoCmds.usec / 1000)} ms Redis time |`,
    );
    console.log(
      `| rq library, same numbers in-process (cleans registries!) | median ${f(api.median)} ms, p95 ${f(api.p95)} ms |`,
    );
  } finally {
    admin.disconnect();
    if (child !== null) child.kill('SIGTERM');
  }
}

await main();
