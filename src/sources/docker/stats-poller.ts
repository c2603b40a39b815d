import { errorLine } from '../../shared/errors.js';
import { runEvery } from '../../shared/scheduler.js';
import { computeContainerResources } from './compute-container-resources.js';
import type { DockerClient } from './docker-client.js';
import type { ContainerResources } from './docker-snapshot.js';
import { mapLimit } from './map-limit.js';
import { readBody } from './read-body.js';
import { readStatsSample, type CpuCounters } from './read-stats-sample.js';
import { requestSignal } from './request-signal.js';
import type { StatsSource } from './stats-source.js';

interface Entry {
  resources: ContainerResources | null;
  last: CpuCounters | null;
}

/**
 * `GET /containers/{id}/stats?stream=0&one-shot=1` for every running container, every
 * `intervalMs`, up to 64 at once; CPU % is computed between our consecutive polls.
 * One-shot (API 1.41+) skips the engine's priming round, but the answer still waits for
 * the engine's next 1 s sampling round (measured on Engine 20.10: 20 ms for the very first
 * request, then 1.0 s each), so a poll cycle takes interval + up to 1 s. bench/docker.ts
 * compares this with StatsStreams; streaming is the default.
 */
export class StatsPoller implements StatsSource {
  readonly mode = 'poll';
  private readonly entries = new Map<string, Entry>();
  private readonly controller = new AbortController();
  private polling = false;

  constructor(
    private readonly client: DockerClient,
    private readonly options: { intervalMs: number; timeoutMs: number },
    private readonly onSample: () => void,
    private readonly onDebug: (line: string) => void = () => undefined,
  ) {}

  sync(running: ReadonlySet<string>): void {
    if (this.controller.signal.aborted) return;
    // Polling starts with the first containers (its first round is immediate).
    if (!this.polling && running.size > 0) {
      this.polling = true;
      void runEvery(this.options.intervalMs, () => this.pollAll(), this.controller.signal);
    }
    for (const id of this.entries.keys()) if (!running.has(id)) this.entries.delete(id);
    for (const id of running) {
      if (!this.entries.has(id)) this.entries.set(id, { resources: null, last: null });
    }
  }

  get(id: string): ContainerResources | null {
    return this.entries.get(id)?.resources ?? null;
  }

  close(): void {
    this.controller.abort();
    this.entries.clear();
  }

  private async pollAll(): Promise<void> {
    const ids = [...this.entries.keys()];
    if (ids.length === 0) return;
    // All at once, not in small batches: each request waits for the engine's next
    // sampling round, so a batch of 16 would make 50 containers take four rounds.
    await mapLimit(ids, 64, (id) => this.pollOne(id));
    this.onSample();
  }

  private async pollOne(id: string): Promise<void> {
    const request = requestSignal(
      this.controller.signal,
      this.options.timeoutMs,
      this.client.label,
    );
    try {
      const response = await this.client.stream(
        `/containers/${encodeURIComponent(id)}/stats`,
        { stream: 0, 'one-shot': 1 },
        request.signal,
      );
      const sample = readStatsSample(JSON.parse((await readBody(response, 1 << 20)).toString()));
      const entry = this.entries.get(id);
      if (sample === null || entry === undefined) return;
      entry.resources = computeContainerResources(sample, entry.last, Date.now());
      entry.last = sample.cpu;
    } catch (error) {
      if (!this.controller.signal.aborted)
        this.onDebug(`stats ${id.slice(0, 12)}: ${errorLine(error)}`);
    } finally {
      request.done();
    }
  }
}
