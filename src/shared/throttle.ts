/**
 * At most one run per interval, leading edge first (STYLE.md habit 5: push sources go
 * through a short throttle). The first request runs at once; requests made while one is
 * pending fold into it; the next runs when the interval since the last run has passed.
 *
 * A run counts from `ran()`, not from `schedule`: callers that also run the action
 * directly (a publish right after a sync) say so, and the interval starts there.
 *
 * The interval may be a function, read on every `schedule` (a shorter one while warming
 * up). `now` is injectable for tests; the timer itself is a plain `setTimeout`.
 */
export class Throttle {
  private lastRunAt: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly intervalMs: number | (() => number),
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the action may run again: 0 when it may run now. */
  waitMs(): number {
    if (this.lastRunAt === null) return 0;
    const interval = typeof this.intervalMs === 'number' ? this.intervalMs : this.intervalMs();
    return Math.max(0, this.lastRunAt + interval - this.now());
  }

  mayRun(): boolean {
    return this.waitMs() === 0;
  }

  /** The action ran now: the next may run one interval from here. */
  ran(): void {
    this.lastRunAt = this.now();
  }

  get pending(): boolean {
    return this.timer !== null;
  }

  /**
   * Runs `action` once the throttle allows, or does nothing when a run is pending. Always
   * asynchronous, even with no wait, so the caller's state settles first. The action
   * calls `ran()` itself when it really ran (it may decide there is nothing to do).
   */
  schedule(action: () => void): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      action();
    }, this.waitMs());
  }

  /** Drops the pending run, if any (a direct run made it moot, or shutting down). */
  cancel(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
  }
}
