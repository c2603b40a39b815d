import { errorLine } from '../../shared/errors.js';
import { computeContainerResources } from './compute-container-resources.js';
import type { DockerClient } from './docker-client.js';
import type { ContainerResources } from './docker-snapshot.js';
import { onJsonLines } from './on-json-lines.js';
import { readStatsSample, type CpuCounters } from './read-stats-sample.js';
import type { StatsSource } from './stats-source.js';

interface Entry {
  readonly controller: AbortController;
  open: boolean;
  failures: number;
  retry: NodeJS.Timeout | null;
  resources: ContainerResources | null;
  last: CpuCounters | null;
}

const RETRY_MS = 500;
const RETRY_MAX_MS = 10_000;

/**
 * One `GET /containers/{id}/stats?stream=1` per running container. The engine samples
 * every subscribed container once a second in a single loop and pushes each sample down
 * its connection, so we wait for nothing and pay one small JSON document per container
 * per second. A stream that breaks while its container still runs is reopened with backoff.
 */
export class StatsStreams implements StatsSource {
  readonly mode = 'stream';
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  constructor(
    private readonly client: DockerClient,
    private readonly onSample: () => void,
    private readonly onDebug: (line: string) => void = () => undefined,
  ) {}

  sync(running: ReadonlySet<string>): void {
    if (this.closed) return;
    for (const [id, entry] of this.entries) {
      if (!running.has(id)) this.stop(id, entry);
    }
    for (const id of running) {
      const entry = this.entries.get(id);
      if (entry === undefined) {
        const created: Entry = {
          controller: new AbortController(),
          open: false,
          failures: 0,
          retry: null,
          resources: null,
          last: null,
        };
        this.entries.set(id, created);
        this.connect(id, created);
      } else if (!entry.open && entry.retry !== null) {
        // A resync after an engine restart: reopen now rather than at the next backoff step.
        clearTimeout(entry.retry);
        entry.retry = null;
        this.connect(id, entry);
      }
    }
  }

  get(id: string): ContainerResources | null {
    return this.entries.get(id)?.resources ?? null;
  }

  close(): void {
    this.closed = true;
    for (const [id, entry] of this.entries) this.stop(id, entry);
  }

  private stop(id: string, entry: Entry): void {
    if (entry.retry !== null) clearTimeout(entry.retry);
    entry.controller.abort();
    this.entries.delete(id);
  }

  private connect(id: string, entry: Entry): void {
    entry.open = true;
    const wanted = (): boolean => !this.closed && this.entries.get(id) === entry;
    const path = `/containers/${encodeURIComponent(id)}/stats`;
    this.client
      .stream(path, { stream: 1 }, entry.controller.signal)
      .then((response) =>
        onJsonLines(response, (json) => {
          const sample = readStatsSample(json);
          if (sample === null || !wanted()) return;
          entry.failures = 0;
          entry.resources = computeContainerResources(sample, entry.last, Date.now());
          entry.last = sample.cpu;
          this.onSample();
        }).finally(() => {
          response.destroy();
        }),
      )
      .catch((error: unknown) => {
        if (wanted()) this.onDebug(`stats ${id.slice(0, 12)}: ${errorLine(error)}`);
      })
      .finally(() => {
        entry.open = false;
        if (!wanted()) return;
        entry.failures++;
        const delay = Math.min(RETRY_MAX_MS, RETRY_MS * 2 ** (entry.failures - 1));
        entry.retry = setTimeout(() => {
          entry.retry = null;
          if (wanted()) this.connect(id, entry);
        }, delay);
      });
  }
}
