import { errorLine, type JobdeckError } from '../../shared/errors.js';
import { runEvery } from '../../shared/scheduler.js';
import { Throttle } from '../../shared/throttle.js';
import { failedResult, okResult, type SourceResult } from '../../shared/source-result.js';
import { buildDockerContainer } from './build-docker-container.js';
import { buildDockerSnapshot } from './build-docker-snapshot.js';
import {
  containerInspectSchema,
  containerListSchema,
  engineInfoSchema,
  type ContainerInspect,
  type ContainerSummary,
  type DockerEvent,
} from './docker-api-schemas.js';
import type { DockerClient } from './docker-client.js';
import type { DockerConfig } from '../../config/docker-config-schema.js';
import {
  createDockerMatchers,
  type ContainerPlace,
  type DockerMatchers,
} from './docker-matchers.js';
import type { DockerEngineInfo, DockerSnapshot, LogLine } from './docker-snapshot.js';
import { fetchLogTail } from './fetch-log-tail.js';
import { httpStatus } from './http-status.js';
import { lastLogLine } from './last-log-line.js';
import { mapLimit } from './map-limit.js';
import { requestSignal } from './request-signal.js';
import { runDockerEventStream } from './run-docker-event-stream.js';
import type { StatsSource } from './stats-source.js';
import { StatsPoller } from './stats-poller.js';
import { StatsStreams } from './stats-streams.js';

export interface DockerCollectorOptions {
  readonly client: DockerClient;
  readonly config: DockerConfig;
  /** Problems that do not fail the source (one stats stream broke): for `--debug`. */
  readonly onDebug?: (line: string) => void;
}

interface Tracked {
  summary: ContainerSummary;
  place: ContainerPlace;
  inspect: ContainerInspect | null;
}

type SyncKind = 'none' | 'partial' | 'full';

/** Listeners hear about changes at most this often (stats arrive all through the second). */
const PUBLISH_EVERY_MS = 250;
/** ...except while some running container still waits for its first CPU figure. */
const WARMUP_PUBLISH_EVERY_MS = 50;
const WARMUP_MS = 5_000;
const INSPECT_CONCURRENCY = 8;
const LOG_CONCURRENCY = 4;

// Only the health part of `Status` ("Up 3 minutes (healthy)") says something changed; the
// uptime in it changes every minute and must not trigger re-inspects.
const healthOf = (status: string): string => /\(([^)]*)\)\s*$/.exec(status)?.[1] ?? '';

/**
 * The Docker source: keeps a live picture of the configured compose projects and per-job
 * containers and publishes it as an immutable `SourceResult<DockerSnapshot>`.
 *
 * - The event stream drives updates: a container event marks it dirty and, throttled,
 *   triggers one list + inspect of what changed. Every `resyncEvery`, and after every
 *   reconnection of the stream, a full list + inspect catches anything missed.
 * - Resources come from a StatsSource (streams or one-shot polling); last log lines of
 *   workers and jobs are read right after the first sync, then every `logs.every`.
 * - A failure publishes a failed result with one line (and the age of the last good
 *   data); the collector keeps trying and never throws at its caller.
 *
 * `subscribe` and `getSnapshot` are arrow properties so they can be handed to React's
 * `useSyncExternalStore` as they are; `getSnapshot` is null until the first answer.
 */
export class DockerCollector {
  private readonly client: DockerClient;
  private readonly config: DockerConfig;
  private readonly matchers: DockerMatchers;
  private readonly debug: (line: string) => void;
  private readonly controller = new AbortController();
  private readonly listeners = new Set<() => void>();
  private readonly tracked = new Map<string, Tracked>();
  private readonly logs = new Map<string, LogLine | null>();
  private readonly dirty = new Set<string>();
  private readonly stats: StatsSource;
  private current: SourceResult<DockerSnapshot> | null = null;
  private engine: DockerEngineInfo | null = null;
  private failure: string | null = null;
  private lastOkAt: number | null = null;
  private lastSyncMs = 0;
  private resyncedAt = 0;
  private synced = false;
  private firstSyncAt: number | null = null;
  private publishedComplete = false;
  private readingLogs = false;
  private logsReadAt: number | null = null;
  private eventsConnected = false;
  private wanted: SyncKind = 'none';
  private draining: Promise<void> | null = null;
  /** Folds a burst of container events into one partial sync. */
  private readonly eventSyncs: Throttle;
  /** Listeners hear about changes at most this often; see `publishInterval`. */
  private readonly publishes = new Throttle(() => this.publishInterval());
  private readonly background: Promise<void>[] = [];
  private started = false;

  constructor(options: DockerCollectorOptions) {
    this.client = options.client;
    this.config = options.config;
    this.matchers = createDockerMatchers(options.config);
    this.debug = options.onDebug ?? (() => undefined);
    this.eventSyncs = new Throttle(options.config.eventThrottle);
    const onSample = (): void => {
      this.schedulePublish();
    };
    this.stats =
      options.config.stats === 'poll'
        ? new StatsPoller(
            this.client,
            { intervalMs: options.config.statsEvery, timeoutMs: options.config.requestTimeout },
            onSample,
            this.debug,
          )
        : new StatsStreams(this.client, onSample, this.debug);
  }

  /** Starts the event stream, the periodic resync and the log reader. Idempotent. */
  start(): this {
    if (this.started || this.controller.signal.aborted) return this;
    this.started = true;
    const signal = this.controller.signal;
    let connects = 0;
    this.background.push(
      runDockerEventStream(
        this.client,
        {
          onEvent: (event) => {
            this.onEvent(event);
          },
          onConnect: () => {
            this.eventsConnected = true;
            // The first connection: a list now (cheap, no re-inspect of what did not change)
            // closes the window between the initial list and the subscription. After a
            // reconnect, whatever happened meanwhile is unknown: full resync.
            void this.sync(connects++ === 0 ? 'partial' : 'full');
          },
          onDisconnect: (error: JobdeckError) => {
            this.eventsConnected = false;
            this.debug(errorLine(error));
            // Find out now whether the engine itself is gone, so the panel says so.
            void this.sync('full');
          },
        },
        signal,
      ),
    );
    // The first full sync starts now, not after the event stream connects: stats need
    // two of the engine's sampling rounds, so subscribing early is what counts.
    this.background.push(runEvery(this.config.resyncEvery, () => this.sync('full'), signal));
    if (this.config.logs.enabled) {
      this.background.push(runEvery(this.config.logs.every, () => this.readLogs(), signal));
    }
    return this;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getSnapshot = (): SourceResult<DockerSnapshot> | null => this.current;

  /** A full list + inspect now (after an action); resolves once it has been published. */
  refresh(): Promise<void> {
    return this.sync('full');
  }

  /**
   * Resolves with the latest result once `predicate` holds, or with whatever is there
   * (possibly null) after `timeoutMs`. For `status` (wait for the first answer) and tests.
   */
  waitFor(
    predicate: (result: SourceResult<DockerSnapshot>) => boolean,
    timeoutMs: number,
  ): Promise<SourceResult<DockerSnapshot> | null> {
    return new Promise((resolve) => {
      let unsubscribe = (): void => undefined;
      const finish = (): void => {
        clearTimeout(timer);
        unsubscribe();
        resolve(this.current);
      };
      const timer = setTimeout(finish, timeoutMs);
      const check = (): void => {
        if (this.current !== null && predicate(this.current)) finish();
      };
      unsubscribe = this.subscribe(check);
      check();
    });
  }

  async close(): Promise<void> {
    this.controller.abort();
    this.eventSyncs.cancel();
    this.publishes.cancel();
    this.stats.close();
    await Promise.allSettled([...this.background, this.draining ?? Promise.resolve()]);
  }

  private onEvent(event: DockerEvent): void {
    const id = event.Actor.ID;
    // Event attributes carry the container's labels: ignore containers we do not show.
    if (!this.tracked.has(id) && this.matchers.place(event.Actor.Attributes) === null) return;
    this.dirty.add(id);
    // Leading edge: a lone event is handled at once; a burst is folded into one sync.
    this.eventSyncs.schedule(() => {
      this.eventSyncs.ran();
      void this.sync('partial');
    });
  }

  /** Single flight: requests made while a sync runs are folded into one more run. */
  private sync(kind: Exclude<SyncKind, 'none'>): Promise<void> {
    if (this.controller.signal.aborted) return Promise.resolve();
    if (kind === 'full' || this.wanted === 'none') this.wanted = kind;
    this.draining ??= (async () => {
      try {
        while (this.wanted !== 'none' && !this.controller.signal.aborted) {
          const full = this.wanted === 'full';
          this.wanted = 'none';
          await this.syncOnce(full);
        }
      } finally {
        this.draining = null;
      }
    })();
    return this.draining;
  }

  private async request<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const request = requestSignal(
      this.controller.signal,
      this.config.requestTimeout,
      this.client.label,
    );
    try {
      return await call(request.signal);
    } catch (error) {
      throw this.client.error(error);
    } finally {
      request.done();
    }
  }

  private async syncOnce(full: boolean): Promise<void> {
    const started = performance.now();
    const dirty = new Set(this.dirty);
    this.dirty.clear();
    let ok = false;
    try {
      const list = containerListSchema.parse(
        await this.request((signal) => this.client.get('/containers/json', { all: 1 }, signal)),
      );
      const seen = new Set<string>();
      const toInspect: string[] = [];
      for (const summary of list) {
        const place = this.matchers.place(summary.Labels);
        if (place === null) continue;
        seen.add(summary.Id);
        const previous = this.tracked.get(summary.Id);
        if (
          full ||
          previous === undefined ||
          previous.inspect === null ||
          dirty.has(summary.Id) ||
          previous.summary.State !== summary.State ||
          healthOf(previous.summary.Status) !== healthOf(summary.Status)
        ) {
          toInspect.push(summary.Id);
        }
        this.tracked.set(summary.Id, { summary, place, inspect: previous?.inspect ?? null });
      }
      for (const id of this.tracked.keys()) {
        if (!seen.has(id)) {
          this.tracked.delete(id);
          this.logs.delete(id);
        }
      }
      // Stats first: their first figures take two of the engine's 1 s sampling rounds,
      // so every millisecond spent on inspects before subscribing is a millisecond late.
      this.syncStats();
      const info = full || this.engine === null ? this.readEngineInfo() : Promise.resolve();
      const inspected = await mapLimit(toInspect, INSPECT_CONCURRENCY, (id) =>
        this.request((signal) =>
          this.client.get(`/containers/${encodeURIComponent(id)}/json`, {}, signal),
        ),
      );
      inspected.forEach((result, index) => {
        const id = toInspect[index];
        if (id === undefined) return;
        const entry = this.tracked.get(id);
        if (result.status === 'fulfilled') {
          const parsed = containerInspectSchema.safeParse(result.value);
          if (entry !== undefined && parsed.success) entry.inspect = parsed.data;
        } else if (httpStatus(result.reason) === 404) {
          // Removed between the list and the inspect: the next event or sync settles it.
          this.tracked.delete(id);
        } else {
          throw result.reason;
        }
      });
      await info;
      this.syncStats();
      this.failure = null;
      this.synced = true;
      this.lastOkAt = Date.now();
      if (this.firstSyncAt === null) {
        this.firstSyncAt = this.lastOkAt;
        // Do not leave the log column empty until the first `logs.every` tick.
        if (this.config.logs.enabled) void this.readLogs();
      }
      this.lastSyncMs = performance.now() - started;
      if (full) this.resyncedAt = this.lastOkAt;
      ok = true;
    } catch (error) {
      if (this.controller.signal.aborted) return;
      for (const id of dirty) this.dirty.add(id);
      this.failure = errorLine(this.client.error(error));
    }
    this.publishNow();
    // A worker or job that just died or started often says why in its last line. Read
    // after publishing: the state change must not wait for a log request.
    const logIds =
      ok && this.config.logs.enabled ? [...dirty].filter((id) => this.wantsLog(id)) : [];
    if (logIds.length > 0) {
      void this.readLogsOf(logIds).then(() => {
        this.schedulePublish();
      });
    }
  }

  private running(): Set<string> {
    return new Set(
      [...this.tracked]
        .filter(([, t]) => (t.inspect?.State.Status ?? t.summary.State) === 'running')
        .map(([id]) => id),
    );
  }

  private syncStats(): void {
    this.stats.sync(this.running());
  }

  /** The header's engine facts; never throws (a missing header line is no failure). */
  private async readEngineInfo(): Promise<void> {
    let json: unknown;
    try {
      json = await this.request((signal) => this.client.get('/info', {}, signal));
    } catch (error) {
      this.debug(`engine info: ${errorLine(error)}`);
      return;
    }
    const info = engineInfoSchema.safeParse(json);
    if (!info.success) return;
    this.engine = {
      version: info.data.ServerVersion ?? null,
      os: info.data.OperatingSystem ?? null,
      cgroupVersion: info.data.CgroupVersion ?? null,
      cpus: info.data.NCPU ?? null,
      memoryBytes: info.data.MemTotal ?? null,
    };
  }

  private wantsLog(id: string): boolean {
    const t = this.tracked.get(id);
    if (t === undefined) return false;
    return t.place.kind === 'job' || this.matchers.role(t.place.service) === 'worker';
  }

  private async readLogs(): Promise<void> {
    if (this.failure !== null || !this.synced || this.readingLogs) return;
    this.readingLogs = true;
    try {
      await this.readLogsOf([...this.tracked.keys()].filter((id) => this.wantsLog(id)));
      this.logsReadAt = Date.now();
    } finally {
      this.readingLogs = false;
    }
    this.schedulePublish();
  }

  private async readLogsOf(ids: readonly string[]): Promise<void> {
    const { tail, maxLength } = this.config.logs;
    await mapLimit(ids, LOG_CONCURRENCY, async (id) => {
      try {
        const body = await fetchLogTail(this.client, id, {
          tail,
          timeoutMs: this.config.requestTimeout,
          signal: this.controller.signal,
        });
        const tty = this.tracked.get(id)?.inspect?.Config.Tty ?? false;
        if (this.tracked.has(id)) this.logs.set(id, lastLogLine(body, { tty, maxLength }));
      } catch (error) {
        this.debug(`logs ${id.slice(0, 12)}: ${errorLine(error)}`);
      }
    });
  }

  private schedulePublish(): void {
    if (this.controller.signal.aborted) return;
    if (!this.publishedComplete && this.failure === null && this.synced && !this.missingCpu()) {
      // The first complete picture goes out at once: it is what `status` waits for.
      this.publishedComplete = true;
      this.publishNow();
      return;
    }
    this.publishes.schedule(() => {
      // Fresh stats while the engine is unreachable change nothing on a failed panel.
      if (this.failure === null) this.publishNow();
    });
  }

  private publishInterval(): number {
    return this.warmingUp() ? WARMUP_PUBLISH_EVERY_MS : PUBLISH_EVERY_MS;
  }

  /**
   * True while, just after start, a running container has no CPU figure yet (it takes two
   * of the engine's sampling rounds): the first complete picture is published without
   * the throttle's delay. Bounded in time, so a container whose stats never come cannot
   * keep us publishing 20 times a second.
   */
  private warmingUp(): boolean {
    if (this.firstSyncAt === null || Date.now() - this.firstSyncAt > WARMUP_MS) return false;
    return this.missingCpu();
  }

  private missingCpu(): boolean {
    for (const [id, t] of this.tracked) {
      const state = t.inspect?.State.Status ?? t.summary.State;
      if (state === 'running' && this.stats.get(id)?.cpuPercent == null) return true;
    }
    return false;
  }

  private publishNow(): void {
    if (this.controller.signal.aborted) return;
    this.publishes.cancel();
    this.publishes.ran();
    const now = Date.now();
    if (this.failure !== null) {
      this.current = failedResult(this.failure, now, this.lastOkAt);
    } else if (this.synced) {
      const containers = [...this.tracked.values()].map((t) =>
        buildDockerContainer(t.summary, t.inspect, t.place, this.matchers, {
          resources: this.stats.get(t.summary.Id),
          lastLog: this.logs.get(t.summary.Id) ?? null,
        }),
      );
      const snapshot = buildDockerSnapshot({
        endpoint: this.client.label,
        engine: this.engine,
        containers,
        eventsConnected: this.eventsConnected,
        statsMode: this.stats.mode,
        resyncedAt: this.resyncedAt,
        logsReadAt: this.logsReadAt,
      });
      this.current = okResult(snapshot, now, this.lastSyncMs);
    } else {
      return;
    }
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        this.debug(`listener failed: ${errorLine(error)}`);
      }
    }
  }
}
