import type { Thresholds } from '../config/thresholds-schema.js';
import type { Feed } from '../shared/feed.js';
import type { SourceResult } from '../shared/source-result.js';
import type { DockerSnapshot } from '../sources/docker/docker-snapshot.js';
import type { ConfiguredProbeResult } from '../sources/probes/run-configured-probes.js';
import type { QueueReading } from '../sources/queue/queue-collector.js';
import type { AlertsView } from './alerts-view.js';
import type { AppHistory, AppSnapshot, ServicesProviderName } from './app-snapshot.js';
import {
  foldDocker,
  foldProbes,
  foldQueue,
  sampleHistory,
  withReadiness,
} from './fold-snapshot.js';
import { emptySeries } from './series.js';

/** The collectors a store folds; a missing one is a source that is off. */
export interface AppFeeds {
  readonly queue?: Feed<QueueReading> | null;
  readonly docker?: Feed<SourceResult<DockerSnapshot>> | null;
  readonly probes?: Feed<SourceResult<readonly ConfiguredProbeResult[]>> | null;
  /** The monitor's alert state (the dashboard's view of it). */
  readonly alerts?: Feed<AlertsView | null> | null;
}

export interface AppStoreOptions {
  readonly target: string;
  readonly readOnly: boolean;
  readonly intervalMs: number;
  readonly thresholds: Thresholds;
  /** Where the queue source points (password removed), or null. */
  readonly queueTarget: string | null;
  /** What feeds the `docker` slot (default Docker). */
  readonly servicesProvider?: ServicesProviderName;
  readonly feeds: AppFeeds;
  /** Recorded history to start the sparklines with (the monitor's, from the state file). */
  readonly initialHistory?: AppHistory | null;
  readonly now?: () => number;
}

/**
 * The one store (DESIGN.md): collectors publish into it on their own schedule; it folds
 * each value into one immutable snapshot, keeps bounded history and tells its views. It
 * does no I/O of its own, and a failing source only changes its own entry.
 */
export class AppStore {
  private snapshot: AppSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  private readonly feeds: readonly Feed<unknown>[];
  private readonly unsubscribe: (() => void)[] = [];
  private lastSampleAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: AppStoreOptions) {
    const { feeds } = options;
    this.now = options.now ?? Date.now;
    const state = (feed: unknown): { status: 'off' } | { status: 'loading' } =>
      feed == null ? { status: 'off' } : { status: 'loading' };
    this.snapshot = {
      target: options.target,
      readOnly: options.readOnly,
      intervalMs: options.intervalMs,
      paused: false,
      queueTarget: options.queueTarget,
      servicesProvider: options.servicesProvider ?? 'docker',
      queue: state(feeds.queue),
      database: null,
      docker: state(feeds.docker),
      probes: state(feeds.probes),
      readiness: [],
      verdict: null,
      alerts: null,
      history: options.initialHistory ?? {
        queueDepth: emptySeries('queue depth', 'jobs'),
        throughput: emptySeries('throughput', 'jobs/min'),
        failureRate: emptySeries('failure rate', '%'),
        workerCpu: emptySeries('worker CPU', '% of one core'),
        workerMemory: emptySeries('worker memory', 'MiB'),
      },
    };
    this.feeds = [feeds.queue, feeds.docker, feeds.probes, feeds.alerts].filter(
      (f): f is Feed<never> => f != null,
    );
    this.follow(feeds.queue, (s, reading) => this.sampled(foldQueue(s, reading), true));
    this.follow(feeds.docker, (s, result) => this.sampled(foldDocker(s, result), false));
    this.follow(feeds.probes, (s, result) => this.sampled(foldProbes(s, result), false));
    this.follow(feeds.alerts, (s, alerts) => ({ ...s, alerts }));
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): AppSnapshot => this.snapshot;

  /** Starts every collector on its own schedule; resolves when `signal` aborts. */
  start(signal: AbortSignal): Promise<void> {
    for (const feed of this.feeds) feed.start();
    return new Promise((resolve) => {
      if (signal.aborted) resolve();
      else
        signal.addEventListener(
          'abort',
          () => {
            resolve();
          },
          { once: true },
        );
    });
  }

  setPaused(paused: boolean): void {
    for (const feed of this.feeds) feed.setPaused?.(paused);
    this.update({ ...this.snapshot, paused });
  }

  /** One complete reading of every source (what `status` and each `monitor` check do). */
  async refreshOnce(): Promise<AppSnapshot> {
    await Promise.all(this.feeds.map((feed) => feed.refreshOnce()));
    return this.snapshot;
  }

  async close(): Promise<void> {
    for (const off of this.unsubscribe) off();
    await Promise.all(this.feeds.map((feed) => feed.close()));
  }

  private follow<V>(
    feed: Feed<V> | null | undefined,
    fold: (snapshot: AppSnapshot, value: V) => AppSnapshot,
  ): void {
    if (feed == null) return;
    this.unsubscribe.push(
      feed.subscribe(() => {
        const value = feed.getSnapshot();
        if (value !== null)
          this.update(withReadiness(fold(this.snapshot, value), this.options.thresholds));
      }),
    );
  }

  /**
   * History takes one sample per queue reading; without a queue, one per interval from
   * whichever source reports (Docker's worker CPU and memory).
   */
  private sampled(next: AppSnapshot, queueReading: boolean): AppSnapshot {
    const at = this.now();
    const due =
      queueReading ||
      (this.options.feeds.queue == null && at - this.lastSampleAt >= this.options.intervalMs);
    if (!due) return next;
    this.lastSampleAt = at;
    return { ...next, history: sampleHistory(next, at) };
  }

  private update(next: AppSnapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}
