import type { Feed } from './feed.js';
import { runEvery } from './scheduler.js';

export interface PollingCollectorOptions<V> {
  readonly intervalMs: number;
  /** One reading; never throws (a failure is part of the value it returns). */
  readonly poll: () => Promise<V>;
  /** Releases what `poll` holds (a pool, a connection). */
  readonly close?: () => Promise<void>;
}

/**
 * A collector that reads on its own schedule through the one scheduler (first read at
 * once) and publishes each value. `refreshOnce` reads now, after any read in flight:
 * reads never overlap, and a one-shot caller never gets a reading older than its call.
 */
export class PollingCollector<V> implements Feed<V> {
  private value: V | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly controller = new AbortController();
  private started = false;
  private paused = false;
  private inFlight: Promise<V> | null = null;
  private closed = false;

  constructor(private readonly options: PollingCollectorOptions<V>) {}

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    void runEvery(
      this.options.intervalMs,
      async () => {
        if (!this.paused) await this.read();
      },
      this.controller.signal,
    );
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): V | null => this.value;

  refreshOnce(): Promise<V | null> {
    return this.read();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.controller.abort();
    if (this.inFlight !== null) await this.inFlight;
    await this.options.close?.();
  }

  /** Reads after the read in flight, if any: reads never overlap. */
  private read(): Promise<V> {
    const previous = this.inFlight ?? Promise.resolve(null);
    const reading = previous
      .catch(() => null)
      .then(() => this.options.poll())
      .then((value) => {
        if (this.inFlight === reading) this.inFlight = null;
        if (!this.closed) {
          this.value = value;
          for (const listener of this.listeners) listener();
        }
        return value;
      });
    this.inFlight = reading;
    return reading;
  }
}
