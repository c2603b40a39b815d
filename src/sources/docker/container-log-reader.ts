import { errorLine } from '../../shared/errors.js';
import type { DockerClient } from './docker-client.js';
import type { LogLine } from './docker-snapshot.js';
import { fetchLogTail } from './fetch-log-tail.js';
import { lastLogLine } from './last-log-line.js';
import { mapLimit } from './map-limit.js';

const LOG_CONCURRENCY = 4;

export interface ContainerLogReaderOptions {
  readonly tail: number;
  readonly maxLength: number;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /**
   * Whether the container has a TTY (its log is not multiplexed), asked once its log is
   * in; null when it is no longer tracked, and its line is not kept.
   */
  readonly ttyOf: (id: string) => boolean | null;
  readonly debug: (line: string) => void;
}

/**
 * The last log line of each container it is asked about. A failed read keeps the previous
 * line and goes to `debug`: a missing log line never fails the source.
 */
export class ContainerLogReader {
  private readonly lines = new Map<string, LogLine | null>();
  private readingAll = false;
  private lastReadAllAt: number | null = null;

  constructor(
    private readonly client: DockerClient,
    private readonly options: ContainerLogReaderOptions,
  ) {}

  /** When the last read of every log finished; null before the first. */
  get readAllAt(): number | null {
    return this.lastReadAllAt;
  }

  get(id: string): LogLine | null {
    return this.lines.get(id) ?? null;
  }

  forget(id: string): void {
    this.lines.delete(id);
  }

  /** Reads every log in `ids`; false, reading nothing, while such a read still runs. */
  async readAll(ids: readonly string[]): Promise<boolean> {
    if (this.readingAll) return false;
    this.readingAll = true;
    try {
      await this.read(ids);
      this.lastReadAllAt = Date.now();
    } finally {
      this.readingAll = false;
    }
    return true;
  }

  /** Reads the logs of `ids` (a few at a time); never throws. */
  async read(ids: readonly string[]): Promise<void> {
    const { tail, maxLength, timeoutMs, signal } = this.options;
    await mapLimit(ids, LOG_CONCURRENCY, async (id) => {
      try {
        const body = await fetchLogTail(this.client, id, { tail, timeoutMs, signal });
        const tty = this.options.ttyOf(id);
        if (tty !== null) this.lines.set(id, lastLogLine(body, { tty, maxLength }));
      } catch (error) {
        this.options.debug(`logs ${id.slice(0, 12)}: ${errorLine(error)}`);
      }
    });
  }
}
