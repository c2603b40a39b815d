import type { DockerConfig } from '../../config/docker-config-schema.js';
import { errorLine, type JobdeckError } from '../../shared/errors.js';
import { runEvery } from '../../shared/scheduler.js';
import { failedResult, okResult, type SourceResult } from '../../shared/source-result.js';
import { Throttle } from '../../shared/throttle.js';
import { buildDockerContainer } from './build-docker-container.js';
import { buildDockerSnapshot } from './build-docker-snapshot.js';
import { ContainerLogReader } from './container-log-reader.js';
import { ContainerTracker } from './container-tracker.js';
import { createStatsSource } from './create-stats-source.js';
import type { DockerEvent } from './docker-api-schemas.js';
import type { DockerClient } from './docker-client.js';
import { createDockerMatchers, type DockerMatchers } from './docker-matchers.js';
import type { DockerSnapshot } from './docker-snapshot.js';
import { PublishedValue } from './published-value.js';
import { runDockerEventStream } from './run-docker-event-stream.js';
import { runningIds } from './running-ids.js';
import type { StatsSource } from './stats-source.js';
import { SyncRunner } from './sync-runner.js';
import { readSwarm } from './swarm/read-swarm.js';
import type { SwarmSnapshot } from './swarm/swarm-snapshot.js';

export interface DockerCollectorOptions {
  readonly client: DockerClient;
  readonly config: DockerConfig;
  /**
   * Problems that do not fail the source (one stats stream broke, a log read failed).
   * No caller passes one yet (there is no debug flag), so by default they are dropped.
   */
  readonly onDebug?: (line: string) => void;
}

/** Listeners hear about changes at most this often (stats arrive all through the second). */
const PUBLISH_EVERY_MS = 250;
/** ...except while some running container still waits for its first CPU figure. */
const WARMUP_PUBLISH_EVERY_MS = 50;
const WARMUP_MS = 5_000;

/**
 * The Docker source: keeps a live picture of the configured compose projects and per-job
 * containers and publishes it as an immutable `SourceResult<DockerSnapshot>`.
 *
 * - The event stream drives updates: a container event marks it dirty and, throttled,
 *   triggers one list + inspect of what changed (`reconcile` decides what). Every
 *   `resyncEvery`, and after every reconnection of the stream, a full list + inspect
 *   catches anything missed.
 * - Resources come from a StatsSource (streams or one-shot polling); last log lines of
 *   workers and jobs are read right after the first sync, then every `logs.every`.
 * - A failure publishes a failed result with one line (and the age of the last good
 *   data); the collector keeps trying and never throws at its caller.
 *
 * `subscribe` and `getSnapshot` are PublishedValue's arrow properties, so they can be
 * handed to React's `useSyncExternalStore` as they are; `getSnapshot` is null until the
 * first answer.
 */
export class DockerCollector {
  private readonly client: DockerClient;
  private readonly config: DockerConfig;
  private readonly matchers: DockerMatchers;
  private readonly debug: (line: string) => void;
  private readonly controller = new AbortController();
  private readonly published = new PublishedValue<SourceResult<DockerSnapshot>>((error) => {
    this.debug(`listener failed: ${errorLine(error)}`);
  });
  private readonly syncs = new SyncRunner((full) => this.syncOnce(full), this.controller.signal);
  private readonly stats: StatsSource;
  private readonly logs: ContainerLogReader;
  /** Folds a burst of container events into one partial sync. */
  private readonly eventSyncs: Throttle;
  /** Listeners hear about changes at most this often; see `publishInterval`. */
  private readonly publishes = new Throttle(() => this.publishInterval());
  private readonly background: Promise<void>[] = [];
  private readonly tracker: ContainerTracker;
  private failure: string | null = null;
  /** Null until the first successful sync: nothing to show before it. */
  private lastOkAt: number | null = null;
  private firstSyncAt: number | null = null;
  private lastSyncMs = 0;
  private resyncedAt = 0;
  private publishedComplete = false;
  private eventsConnected = false;
  private started = false;
  /** The last Swarm read (managers only), its failure, and whether one is under way. */
  private swarm: SwarmSnapshot | null = null;
  private swarmError: string | null = null;
  private swarmReading = false;

  constructor(options: DockerCollectorOptions) {
    this.client = options.client;
    this.config = options.config;
    this.matchers = createDockerMatchers(options.config);
    this.debug = options.onDebug ?? (() => undefined);
    this.eventSyncs = new Throttle(options.config.eventThrottle);
    const onSample = (): void => {
      this.schedulePublish();
    };
    this.stats = createStatsSource(this.client, options.config, onSample, this.debug);
    this.tracker = new ContainerTracker({
      client: this.client,
      matchers: this.matchers,
      timeoutMs: options.config.requestTimeout,
      signal: this.controller.signal,
      onRunning: (running) => {
        this.stats.sync(running);
      },
      onForget: (id) => {
        this.logs.forget(id);
      },
      debug: this.debug,
    });
    this.logs = new ContainerLogReader(this.client, {
      ...options.config.logs,
      timeoutMs: options.config.requestTimeout,
      signal: this.controller.signal,
      ttyOf: (id) => {
        const t = this.tracker.containers.get(id);
        return t === undefined ? null : (t.inspect?.Config.Tty ?? false);
      },
      debug: this.debug,
    });
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
            void this.syncs.request(connects++ === 0 ? 'partial' : 'full');
          },
          onDisconnect: (error: JobdeckError) => {
            this.eventsConnected = false;
            this.debug(errorLine(error));
            // Find out now whether the engine itself is gone, so the panel says so.
            void this.syncs.request('full');
          },
        },
        signal,
      ),
    );
    // The first full sync starts now, not after the event stream connects: stats need
    // two of the engine's sampling rounds, so subscribing early is what counts.
    this.background.push(
      runEvery(this.config.resyncEvery, () => this.syncs.request('full'), signal),
    );
    if (this.config.logs.enabled) {
      this.background.push(runEvery(this.config.logs.every, () => this.readLogs(), signal));
    }
    if (this.config.swarm.enabled) {
      this.background.push(runEvery(this.config.swarm.every, () => this.readSwarm(), signal));
    }
    return this;
  }

  readonly subscribe = this.published.subscribe;
  readonly getSnapshot = this.published.get;

  /** A full list + inspect now (after an action); resolves once it has been published. */
  refresh(): Promise<void> {
    return this.syncs.request('full');
  }

  /**
   * Resolves with the latest result once `predicate` holds, or with whatever is there
   * (possibly null) after `timeoutMs`. For `status` (wait for the first answer) and tests.
   */
  waitFor(
    predicate: (result: SourceResult<DockerSnapshot>) => boolean,
    timeoutMs: number,
  ): Promise<SourceResult<DockerSnapshot> | null> {
    return this.published.waitFor(predicate, timeoutMs);
  }

  async close(): Promise<void> {
    this.controller.abort();
    this.eventSyncs.cancel();
    this.publishes.cancel();
    this.stats.close();
    await Promise.allSettled([...this.background, this.syncs.idle()]);
  }

  private onEvent(event: DockerEvent): void {
    // Event attributes carry the container's labels: ignore containers we do not show.
    if (!this.tracker.markDirty(event.Actor.ID, event.Actor.Attributes)) return;
    // Leading edge: a lone event is handled at once; a burst is folded into one sync.
    this.eventSyncs.schedule(() => {
      this.eventSyncs.ran();
      void this.syncs.request('partial');
    });
  }

  private async syncOnce(full: boolean): Promise<void> {
    const started = performance.now();
    let eventMarked: ReadonlySet<string> = new Set();
    try {
      eventMarked = await this.tracker.sync(full);
      this.failure = null;
      this.lastOkAt = Date.now();
      if (this.firstSyncAt === null) {
        this.firstSyncAt = this.lastOkAt;
        // Do not leave the log column empty until the first `logs.every` tick.
        if (this.config.logs.enabled) void this.readLogs();
      }
      this.lastSyncMs = performance.now() - started;
      if (full) this.resyncedAt = this.lastOkAt;
      // A manager's first Swarm read follows the engine facts at once, not a period later.
      if (this.swarmPending()) void this.readSwarm();
    } catch (error) {
      if (this.controller.signal.aborted) return;
      this.failure = errorLine(error);
    }
    this.publishNow();
    // A worker or job that just died or started often says why in its last line. Read
    // after publishing: the state change must not wait for a log request.
    const logIds = this.config.logs.enabled ? this.tracker.withLogs(eventMarked) : [];
    if (logIds.length > 0) {
      void this.logs.read(logIds).then(() => {
        this.schedulePublish();
      });
    }
  }

  private async readLogs(): Promise<void> {
    if (this.failure !== null || this.lastOkAt === null) return;
    const ids = this.tracker.withLogs(this.tracker.containers.keys());
    if (await this.logs.readAll(ids)) this.schedulePublish();
  }

  /**
   * Services, tasks and nodes, when the engine (as of the last full sync) is a Swarm
   * manager. A failure keeps the last answer and says why beside it.
   */
  private async readSwarm(): Promise<void> {
    // A function, not a narrowed property: the signal can fire while we await.
    const stopped = (): boolean => this.controller.signal.aborted;
    if (this.swarmReading || stopped()) return;
    if (this.tracker.engine?.swarm?.manager !== true) {
      if (this.swarm !== null || this.swarmError !== null) {
        this.swarm = null;
        this.swarmError = null;
        this.schedulePublish();
      }
      return;
    }
    this.swarmReading = true;
    try {
      this.swarm = await readSwarm(this.client, {
        timeoutMs: this.config.requestTimeout,
        signal: this.controller.signal,
      });
      this.swarmError = null;
    } catch (error) {
      if (stopped()) return;
      this.swarmError = errorLine(error);
    } finally {
      this.swarmReading = false;
    }
    this.schedulePublish();
  }

  /** A manager whose Swarm has not been read yet: the picture is not complete. */
  private swarmPending(): boolean {
    return (
      this.config.swarm.enabled &&
      this.tracker.engine?.swarm?.manager === true &&
      this.swarm === null &&
      this.swarmError === null
    );
  }

  private schedulePublish(): void {
    if (this.controller.signal.aborted) return;
    const synced = this.lastOkAt !== null;
    if (
      !this.publishedComplete &&
      this.failure === null &&
      synced &&
      !this.missingCpu() &&
      !this.swarmPending()
    ) {
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

  /**
   * Shorter while, just after start, a running container has no CPU figure yet (it takes
   * two of the engine's sampling rounds), so the first complete picture is not held back
   * by the throttle. Bounded in time, so a container whose stats never come cannot keep
   * us publishing 20 times a second.
   */
  private publishInterval(): number {
    const warmingUp =
      this.firstSyncAt !== null && Date.now() - this.firstSyncAt <= WARMUP_MS && this.missingCpu();
    return warmingUp ? WARMUP_PUBLISH_EVERY_MS : PUBLISH_EVERY_MS;
  }

  private missingCpu(): boolean {
    return [...runningIds(this.tracker.containers)].some(
      (id) => this.stats.get(id)?.cpuPercent == null,
    );
  }

  private publishNow(): void {
    if (this.controller.signal.aborted) return;
    this.publishes.cancel();
    this.publishes.ran();
    const now = Date.now();
    if (this.failure !== null) {
      this.published.set(failedResult(this.failure, now, this.lastOkAt));
    } else if (this.lastOkAt !== null) {
      const containers = [...this.tracker.containers.values()].map((t) =>
        buildDockerContainer(t.summary, t.inspect, t.place, this.matchers, {
          resources: this.stats.get(t.summary.Id),
          lastLog: this.logs.get(t.summary.Id),
        }),
      );
      const snapshot = buildDockerSnapshot({
        endpoint: this.client.label,
        engine: this.tracker.engine,
        containers,
        eventsConnected: this.eventsConnected,
        statsMode: this.stats.mode,
        resyncedAt: this.resyncedAt,
        logsReadAt: this.logs.readAllAt,
        swarm: this.swarm,
        swarmError: this.swarmError,
        swarmWorker: (name) => this.matchers.role(name) === 'worker',
      });
      this.published.set(okResult(snapshot, now, this.lastSyncMs));
    }
  }
}
