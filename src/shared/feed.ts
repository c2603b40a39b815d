/**
 * What the store needs of every collector (DESIGN.md "Collectors"): the collector owns
 * its I/O and its schedule, publishes its latest value, and tells subscribers when it
 * changed. The store only folds what it is handed.
 */
export interface Feed<V> {
  /** Starts the collector's own schedule (idempotent). */
  start(): void;
  readonly subscribe: (listener: () => void) => () => void;
  /** The latest published value, or null before the first one. */
  readonly getSnapshot: () => V | null;
  /**
   * One complete reading now (what `status` and every `monitor` check ask for); resolves
   * with the published value, or null when the collector gave up waiting for one.
   */
  refreshOnce(): Promise<V | null>;
  /** Polling collectors skip their reads while paused; push collectors may ignore it. */
  setPaused?(paused: boolean): void;
  close(): Promise<void>;
}
