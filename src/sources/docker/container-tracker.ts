import { errorLine } from '../../shared/errors.js';
import { applyInspects } from './apply-inspects.js';
import { containerListSchema } from './docker-api-schemas.js';
import type { DockerClient } from './docker-client.js';
import type { DockerMatchers } from './docker-matchers.js';
import type { DockerEngineInfo } from './docker-snapshot.js';
import { engineInfoOf } from './engine-info-of.js';
import { getDockerJson } from './get-docker-json.js';
import { mapLimit } from './map-limit.js';
import { reconcile } from './reconcile-containers.js';
import { runningIds } from './running-ids.js';
import type { TrackedContainer } from './tracked-container.js';

const INSPECT_CONCURRENCY = 8;

export interface ContainerTrackerOptions {
  readonly client: DockerClient;
  readonly matchers: DockerMatchers;
  readonly timeoutMs: number;
  /** Aborts every request (the collector closing). */
  readonly signal: AbortSignal;
  /** The running containers now: after the list, and again after the inspects. */
  readonly onRunning: (running: ReadonlySet<string>) => void;
  /** A container is no longer tracked: drop what is kept beside it (its log line). */
  readonly onForget: (id: string) => void;
  readonly debug: (line: string) => void;
}

/**
 * The containers the Docker source shows, kept up to date by list + inspect rounds:
 * `reconcile` decides what to add, drop and inspect, `applyInspects` folds the answers
 * in. Also the engine's facts for the header, read on every full sync and on any sync
 * while they are still unknown.
 */
export class ContainerTracker {
  private tracked: ReadonlyMap<string, TrackedContainer> = new Map();
  private readonly dirty = new Set<string>();
  private engineInfo: DockerEngineInfo | null = null;

  constructor(private readonly options: ContainerTrackerOptions) {}

  /** In the order they were first seen. */
  get containers(): ReadonlyMap<string, TrackedContainer> {
    return this.tracked;
  }

  get engine(): DockerEngineInfo | null {
    return this.engineInfo;
  }

  /** An event named a container: inspect it on the next sync. False when it is not ours. */
  markDirty(id: string, labels: Readonly<Record<string, string>>): boolean {
    if (!this.tracked.has(id) && this.options.matchers.place(labels) === null) return false;
    this.dirty.add(id);
    return true;
  }

  /**
   * One list + inspect round (`full`: inspect everything, and read the engine's facts).
   * Resolves with the containers events had marked; on failure they stay marked for the
   * next round, and the error (a JobdeckError) is thrown.
   */
  async sync(full: boolean): Promise<ReadonlySet<string>> {
    const dirty = new Set(this.dirty);
    this.dirty.clear();
    try {
      const list = containerListSchema.parse(await this.get('/containers/json', { all: 1 }));
      const next = reconcile(this.tracked, list, {
        place: (labels) => this.options.matchers.place(labels),
        full,
        dirty,
      });
      this.tracked = next.tracked;
      for (const id of next.dropped) this.options.onForget(id);
      // Stats first: their first figures take two of the engine's 1 s sampling rounds,
      // so every millisecond spent on inspects before subscribing is a millisecond late.
      this.options.onRunning(runningIds(this.tracked));
      const info = full || this.engineInfo === null ? this.readEngineInfo() : Promise.resolve();
      const answers = await mapLimit(next.toInspect, INSPECT_CONCURRENCY, (id) =>
        this.get(`/containers/${encodeURIComponent(id)}/json`),
      );
      const inspected = applyInspects(this.tracked, next.toInspect, answers);
      this.tracked = inspected.tracked;
      for (const id of inspected.gone) this.options.onForget(id);
      if (inspected.failure !== null) throw inspected.failure.error;
      await info;
      this.options.onRunning(runningIds(this.tracked));
      return dirty;
    } catch (error) {
      if (!this.options.signal.aborted) for (const id of dirty) this.dirty.add(id);
      throw this.options.client.error(error);
    }
  }

  /** Of `ids`, the tracked workers and jobs: other services' log lines are not shown. */
  withLogs(ids: Iterable<string>): string[] {
    return [...ids].filter((id) => {
      const t = this.tracked.get(id);
      if (t === undefined) return false;
      return t.place.kind === 'job' || this.options.matchers.role(t.place.service) === 'worker';
    });
  }

  private get(path: string, query?: Readonly<Record<string, number>>): Promise<unknown> {
    return getDockerJson(this.options.client, path, {
      ...(query === undefined ? {} : { query }),
      timeoutMs: this.options.timeoutMs,
      signal: this.options.signal,
    });
  }

  /** Never throws: a missing header line is no failure. */
  private async readEngineInfo(): Promise<void> {
    try {
      this.engineInfo = engineInfoOf(await this.get('/info')) ?? this.engineInfo;
    } catch (error) {
      this.options.debug(`engine info: ${errorLine(error)}`);
    }
  }
}
