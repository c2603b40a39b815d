import { PG_PRESETS } from '../config/config-schema.js';
import type { ResolvedConfig } from '../config/load-config.js';
import type { DockerContainer, DockerSnapshot } from '../sources/docker/docker-snapshot.js';
import { errorLine } from '../shared/errors.js';
import { postgresProbe } from '../sources/probes/postgres-probe.js';
import { probeResultFor } from '../sources/probes/probe-result-for.js';
import type { ProbeResult } from '../sources/probes/probe-result.js';
import { computeVerdict } from './readiness-verdict.js';
import { runConfiguredProbes } from '../sources/probes/run-configured-probes.js';
import type { QueueSnapshot } from '../sources/queue/core/queue-snapshot.js';
import type { QueueSource } from '../sources/queue/core/queue-source.js';
import { runEvery } from '../shared/scheduler.js';
import { failedResult, okResult, type SourceResult } from '../shared/source-result.js';
import { deriveReadiness } from './derive-readiness.js';
import type { AlertsView } from './alerts-view.js';
import type { AppHistory, AppSnapshot } from './app-snapshot.js';
import { appendSample, emptySeries } from './series.js';
import { nextSourceState } from './source-state.js';

/** Samples kept in memory for the sparklines (at 2 s: 10 minutes). */
const HISTORY_CAPACITY = 300;
/** Probes hit other people's services (QFieldCloud caches its status 60 s): not every tick. */
const MIN_PROBE_INTERVAL_MS = 10_000;

/** What the store needs of the Docker collector (DockerCollector fits). */
export interface DockerFeed {
  start(): unknown;
  subscribe(listener: () => void): () => void;
  getSnapshot(): SourceResult<DockerSnapshot> | null;
  waitFor(
    predicate: (result: SourceResult<DockerSnapshot>) => boolean,
    timeoutMs: number,
  ): Promise<SourceResult<DockerSnapshot> | null>;
  close(): Promise<void>;
}

export interface AppStoreOptions {
  readonly config: ResolvedConfig;
  readonly queue: QueueSource | null;
  readonly docker?: DockerFeed | null;
  /** Reads the monitor's alert state (the dashboard's view of it); null when there is none. */
  readonly readAlerts?: (now: number) => AlertsView | null;
  /** Recorded history to start the sparklines with (the monitor's, from the state file). */
  readonly initialHistory?: AppHistory | null;
  readonly now?: () => number;
}

/** Log lines read, and CPU figures for every running container (they need two samples). */
function firstPictureComplete(r: SourceResult<DockerSnapshot>): boolean {
  if (!r.ok) return true;
  const running = r.data.services.flatMap((s) => s.containers).filter((c) => c.state === 'running');
  return r.data.logsReadAt != null && running.every((c) => c.resources?.cpuPercent != null);
}

/** How long a one-shot `status` waits for Docker's first picture (with log lines). */
const DOCKER_FIRST_SNAPSHOT_MS = 8_000;

/**
 * The one store (DESIGN.md): collectors publish into it on their own schedule, it keeps
 * the latest snapshot and bounded history, and views subscribe. A failing source only
 * changes its own entry.
 */
export class AppStore {
  private snapshot: AppSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  private lastQueueOkAt: number | null = null;
  private lastProbeRun = 0;
  private database: ProbeResult | null = null;
  private lastQueue: SourceResult<QueueSnapshot> | null = null;
  private dockerStarted = false;
  private unsubscribeDocker: (() => void) | null = null;

  constructor(private readonly options: AppStoreOptions) {
    const { config, queue } = options;
    this.now = options.now ?? Date.now;
    this.snapshot = {
      target: config.target,
      readOnly: config.readOnly,
      intervalMs: config.intervalMs,
      paused: false,
      queueTarget: queue?.target ?? null,
      queue: queue === null ? { status: 'off' } : { status: 'loading' },
      docker: options.docker == null ? { status: 'off' } : { status: 'loading' },
      probes: config.probes.length === 0 ? { status: 'off' } : { status: 'loading' },
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
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): AppSnapshot => this.snapshot;

  /** Starts every collector; they stop when `signal` aborts. */
  start(signal: AbortSignal): Promise<void> {
    this.startDocker();
    return runEvery(
      this.options.config.intervalMs,
      async () => {
        if (!this.snapshot.paused) await this.refresh(false);
      },
      signal,
    );
  }

  setPaused(paused: boolean): void {
    this.update({ ...this.snapshot, paused });
  }

  /** One refresh of everything (what `status` does once): waits for Docker's first picture too. */
  async refreshOnce(): Promise<AppSnapshot> {
    const docker = this.options.docker;
    if (docker != null) {
      this.startDocker();
      await docker.waitFor(firstPictureComplete, DOCKER_FIRST_SNAPSHOT_MS);
      this.onDocker();
    }
    await this.refresh(true);
    return this.snapshot;
  }

  async close(): Promise<void> {
    this.unsubscribeDocker?.();
    await Promise.all([this.options.queue?.close(), this.options.docker?.close()]);
  }

  private startDocker(): void {
    const docker = this.options.docker;
    if (docker == null || this.dockerStarted) return;
    this.dockerStarted = true;
    this.unsubscribeDocker = docker.subscribe(() => {
      this.onDocker();
    });
    docker.start();
  }

  /** Docker pushes (events, stats): fold its latest result in and re-derive readiness. */
  private onDocker(): void {
    const result = this.options.docker?.getSnapshot() ?? null;
    if (result === null) return;
    const docker = nextSourceState(
      this.snapshot.docker,
      result.ok ? { ok: true, data: result.data, at: result.at } : result,
    );
    this.update(this.withReadiness({ ...this.snapshot, docker }));
  }

  private withReadiness(next: AppSnapshot): AppSnapshot {
    const dockerState = next.docker;
    const docker: SourceResult<DockerSnapshot> | null =
      dockerState.status === 'ok'
        ? okResult(dockerState.data, dockerState.at, 0)
        : dockerState.status === 'failed'
          ? failedResult(dockerState.error, dockerState.at, dockerState.last?.at ?? null)
          : null;
    const readiness = deriveReadiness({
      queue: this.lastQueue,
      database: this.database,
      probes: next.probes.status === 'ok' ? next.probes.data : [],
      thresholds: this.options.config.thresholds,
      docker,
    });
    return {
      ...next,
      readiness,
      verdict: readiness.length === 0 ? null : computeVerdict(readiness),
    };
  }

  private async refresh(forceProbes: boolean): Promise<void> {
    const at = this.now();
    const probesDue =
      forceProbes ||
      at - this.lastProbeRun >= Math.max(MIN_PROBE_INTERVAL_MS, this.options.config.intervalMs);
    const [queue, probes] = await Promise.all([
      this.readQueue(),
      probesDue && this.options.config.probes.length > 0
        ? runConfiguredProbes(this.options.config.probes)
        : Promise.resolve(null),
    ]);
    if (probesDue) this.lastProbeRun = at;
    let next = this.snapshot;
    if (queue !== null) {
      this.lastQueue = queue;
      next = {
        ...next,
        queue: nextSourceState(
          next.queue,
          queue.ok ? { ok: true, data: queue.data, at: queue.at } : queue,
        ),
      };
      this.database = await this.databaseCheck(queue);
    }
    if (probes !== null) next = { ...next, probes: { status: 'ok', data: probes, at } };
    if (this.options.readAlerts !== undefined)
      next = { ...next, alerts: this.readAlertsSafely(at) };
    this.update(this.withReadiness({ ...next, history: this.sampleHistory(next, queue, at) }));
  }

  /** The alert state is a nicety of the dashboard: a read that fails keeps the last view. */
  private readAlertsSafely(at: number): AlertsView | null {
    try {
      return this.options.readAlerts?.(at) ?? null;
    } catch {
      return this.snapshot.alerts;
    }
  }

  /** One sample per refresh for every series; what a source could not say is a gap. */
  private sampleHistory(
    next: AppSnapshot,
    queue: SourceResult<QueueSnapshot> | null,
    at: number,
  ): AppHistory {
    const s = queue?.ok === true ? queue.data : null;
    const d = next.docker.status === 'ok' ? next.docker.data : null;
    const workers =
      d?.services.filter((svc) => svc.role === 'worker').flatMap((svc) => svc.containers) ?? [];
    const sum = (pick: (c: DockerContainer) => number | null | undefined): number | null => {
      const values = workers
        .map(pick)
        .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
    };
    const h = next.history;
    const failureRate = s?.window.failureRate ?? null;
    return {
      queueDepth: appendSample(h.queueDepth, at, s?.waiting ?? null, HISTORY_CAPACITY),
      throughput: appendSample(
        h.throughput,
        at,
        s?.window.throughputPerMin ?? null,
        HISTORY_CAPACITY,
      ),
      failureRate: appendSample(
        h.failureRate,
        at,
        failureRate === null ? null : failureRate * 100,
        HISTORY_CAPACITY,
      ),
      workerCpu: appendSample(
        h.workerCpu,
        at,
        sum((c) => c.resources?.cpuPercent),
        HISTORY_CAPACITY,
      ),
      workerMemory: appendSample(
        h.workerMemory,
        at,
        sum((c) => c.resources?.memoryMiB),
        HISTORY_CAPACITY,
      ),
    };
  }

  private async readQueue(): Promise<SourceResult<QueueSnapshot> | null> {
    const source = this.options.queue;
    if (source === null) return null;
    const started = performance.now();
    try {
      const data = await source.read();
      this.lastQueueOkAt = this.now();
      return okResult(data, this.now(), performance.now() - started);
    } catch (error) {
      return failedResult(errorLine(error), this.now(), this.lastQueueOkAt);
    }
  }

  /** The database check: the queue read itself when it worked, else `SELECT 1` to tell why. */
  private async databaseCheck(queue: SourceResult<QueueSnapshot>): Promise<ProbeResult | null> {
    const q = this.options.config.queue;
    if (q === null) return null;
    // The read itself is the check when it worked (and the only one for non-PostgreSQL
    // sources); a failed PostgreSQL read gets `SELECT 1` to tell why.
    if (queue.ok) {
      return probeResultFor('database', 'postgres')(
        'ok',
        queue.durationMs,
        `${this.snapshot.queueTarget ?? ''} answers`,
      );
    }
    if (!PG_PRESETS.includes(q.preset))
      return probeResultFor('database', 'derived')('fail', null, queue.error);
    return postgresProbe({
      name: 'database',
      connectionString: q.url,
      timeoutMs: q.statementTimeout,
    });
  }

  private update(next: AppSnapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}
