import { Redis } from 'ioredis';
import { ActionRefusedError, SourceQueryError } from '../../../shared/errors.js';
import { registerSecret } from '../../../shared/redact.js';
import type { QueueSnapshot } from '../core/queue-snapshot.js';
import type { CleanupKind, CleanupPlan, CleanupResult, QueueSource } from '../core/queue-source.js';
import { buildRqSnapshot } from './build-rq-snapshot.js';
import { describeRedisError } from './describe-redis-error.js';
import { describeRedisTarget } from './describe-redis-target.js';
import { frappeBenchOf } from './frappe-bench-of.js';
import { readFrappeBench, type FrappeBench } from './read-frappe-bench.js';
import { RqCleaner, type RqCleanupView } from './rq-cleaner.js';
import { RQ_CLEANUP_KINDS } from './rq-cleanup-kinds.js';
import type { RqQueueOptions } from './rq-queue-options.js';
import type { RqRawState } from './rq-raw-state.js';
import { DEFAULT_RQ_READ_LIMITS, type RqReadLimits } from './rq-read-limits.js';
import { RqStateReader } from './rq-state-reader.js';
import { RqWindow } from './rq-window.js';

export type { RqQueueOptions } from './rq-queue-options.js';

const BENCH_REREAD_MS = 30_000;
/** See rq-config-schema.ts `clockSlack`. */
const DEFAULT_CLOCK_SLACK_MS = 10_000;

/**
 * rq (and Frappe's rq) as a queue source. Every refresh is one EVALSHA of a read-only Lua
 * script (rq-read-script.ts): one round trip, no KEYS, no SCAN, no rq library call (those
 * clean registries as a side effect). Completions are remembered across refreshes in an
 * RqWindow because rq keeps finished jobs only for their result ttl; the snapshot itself
 * is the queue core's (build-rq-snapshot.ts).
 */
export class RqQueueSource implements QueueSource {
  readonly preset: string;
  readonly target: string;
  private readonly redis: Redis;
  private readonly window: RqWindow;
  private readonly limits: RqReadLimits;
  private readonly reader: RqStateReader;
  private readonly cleaner: RqCleaner;
  private socketError: unknown = null;
  private benchId: string | null;
  private bench: { at: number; value: FrappeBench | null } | null = null;
  private selected: string[] = [];
  private first = true;
  private lastView: RqCleanupView | null = null;

  constructor(private readonly opts: RqQueueOptions) {
    this.preset = opts.flavour;
    this.target = describeRedisTarget(opts.url);
    this.reader = new RqStateReader(this.target);
    this.benchId = opts.benchId ?? null;
    this.limits = { ...DEFAULT_RQ_READ_LIMITS, ...opts.limits };
    this.window = new RqWindow(opts.windowMs, (opts.clockSlackMs ?? DEFAULT_CLOCK_SLACK_MS) / 1000);
    registerSecret(passwordOf(opts.url));
    registerSecret(opts.password);
    this.redis = createRedis(opts);
    this.cleaner = new RqCleaner(this, this.redis, {
      readOnly: opts.readOnly,
      deadAfterMs: opts.deadHeartbeatMs,
    });
    // ioredis reports a failed connect as "Connection is closed."; keep the socket's own error.
    this.redis.on('error', (error: unknown) => {
      this.socketError = error;
    });
  }

  cleanupKinds(): readonly CleanupKind[] {
    return RQ_CLEANUP_KINDS;
  }

  async read(): Promise<QueueSnapshot> {
    const started = performance.now();
    try {
      await this.connect();
      await this.readBenchId();
      const trips = { n: 0 };
      const raw = this.selectQueues(await this.readRaw(trips));
      for (const q of raw.queues) {
        for (const kind of ['finished', 'failed'] as const) {
          this.window.apply(q.name, kind, q.done[kind], raw.now);
        }
      }
      this.window.finish(raw.now);
      this.selected = raw.queues.map((q) => q.name);
      const reason = this.first ? 'first refresh' : null;
      this.first = false;
      const built = buildRqSnapshot({
        preset: this.preset,
        flavour: this.opts.flavour,
        raw,
        window: this.window,
        windowMs: this.opts.windowMs,
        workerPolicy: {
          staleAfterMs: this.opts.staleHeartbeatMs,
          deadAfterMs: this.opts.deadHeartbeatMs,
        },
        benchId: this.opts.flavour === 'frappe' ? this.benchId : null,
        refresh: {
          mode: reason === null ? 'incremental' : 'full',
          reason,
          roundTrips: trips.n,
          elapsedMs: performance.now() - started,
        },
      });
      this.lastView = {
        snapshot: built.snapshot,
        running: built.running,
        heartbeats: heartbeatsOf(raw),
      };
      return built.snapshot;
    } catch (error) {
      throw this.wrap(error);
    }
  }

  planCleanup(kind: CleanupKind): Promise<CleanupPlan> {
    return this.cleaner.plan(kind);
  }

  runCleanup(plan: CleanupPlan): Promise<CleanupResult> {
    return this.cleaner.run(plan);
  }

  /** A fresh read as the cleaner needs it. */
  async view(): Promise<RqCleanupView> {
    await this.read();
    if (this.lastView === null) throw new Error('rq read produced no view');
    return this.lastView;
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => undefined);
    }
    this.redis.disconnect();
  }

  private async connect(): Promise<void> {
    if (this.redis.status === 'wait' || this.redis.status === 'end') {
      this.socketError = null;
      await this.redis.connect();
    }
  }

  /** One EVALSHA (EVAL when the server lacks the script); `trips` counts round trips. */
  private readRaw(trips: { n: number }): Promise<RqRawState> {
    const { lower, known } = this.window.request(this.selected);
    const frappePrefix = this.opts.flavour === 'frappe' && this.benchId !== null;
    return this.reader.read(
      this.redis,
      {
        queues: this.queueList(),
        prefix: frappePrefix ? `${this.benchId ?? ''}:` : '',
        window: this.opts.windowMs / 1000,
        lower,
        known,
        wipLimit: this.limits.wip,
        doneLimit: this.limits.done,
        queueLimit: this.limits.queues,
        workerLimit: this.limits.workers,
      },
      trips,
    );
  }

  /** Explicit queue names, Frappe short names expanded with the bench id; null = discover. */
  private queueList(): string[] | null {
    const queues = this.opts.queues;
    if (queues === undefined || queues.length === 0) return null;
    if (this.opts.flavour !== 'frappe' || this.benchId === null) return [...queues];
    return queues.map((q) => (q.includes(':') ? q : `${this.benchId ?? ''}:${q}`));
  }

  /**
   * Frappe without a configured bench id: the first read takes every queue; when exactly
   * one bench prefix owns the `short`/`default`/`long` queues, it becomes the bench id and
   * later reads ask only for its queues. Several benches on one Redis: all are shown with
   * their full names. None: v13's plain names.
   */
  private selectQueues(raw: RqRawState): RqRawState {
    if (this.opts.flavour !== 'frappe' || this.benchId !== null || this.opts.queues !== undefined)
      return raw;
    const bench = frappeBenchOf(raw.queueNames);
    if (bench === null) return raw;
    this.benchId = bench;
    return { ...raw, queues: raw.queues.filter((q) => q.name.startsWith(`${bench}:`)) };
  }

  /** Frappe with `benchPath`: the bench id from the bench's config (re-read every 30 s). */
  private async readBenchId(): Promise<void> {
    const path = this.opts.benchPath;
    if (this.opts.flavour !== 'frappe' || path === undefined) return;
    const now = Date.now();
    if (this.bench === null || now - this.bench.at > BENCH_REREAD_MS) {
      this.bench = { at: now, value: await readFrappeBench(path) };
      if (this.opts.benchId === undefined && this.bench.value !== null) {
        this.benchId = this.bench.value.benchId;
      }
    }
  }

  wrap(error: unknown): Error {
    if (error instanceof ActionRefusedError || error instanceof SourceQueryError) return error;
    return describeRedisError(error, this.opts.url, this.opts.urlEnv, this.socketError);
  }
}

/** The one connection: no offline queue and no retries, so an outage shows at once. */
function createRedis(opts: RqQueueOptions): Redis {
  const timeout = Math.max(100, Math.round(opts.commandTimeoutMs ?? 5000));
  return new Redis(opts.url, {
    lazyConnect: true,
    connectTimeout: timeout,
    commandTimeout: timeout,
    // The scheduler owns retries and backoff; a queued command would hide an outage.
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectionName: 'jobdeck',
    ...(opts.password === undefined ? {} : { password: opts.password }),
  });
}

function passwordOf(url: string): string | undefined {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}

/** Worker name → its `last_heartbeat` as read, null when its key was gone. */
function heartbeatsOf(raw: RqRawState): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const w of raw.workers) {
    const name = w.key.startsWith('rq:worker:') ? w.key.slice('rq:worker:'.length) : w.key;
    out.set(name, w.exists === 1 ? w.lastHeartbeat : null);
  }
  return out;
}
