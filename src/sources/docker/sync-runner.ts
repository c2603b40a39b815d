/**
 * Single flight for the collector's syncs: a request made while a sync runs is folded
 * into one more run after it, and a full request wins over a partial one. Stops on the
 * signal.
 */
export class SyncRunner {
  private wanted: 'none' | 'partial' | 'full' = 'none';
  private draining: Promise<void> | null = null;

  constructor(
    private readonly syncOnce: (full: boolean) => Promise<void>,
    private readonly signal: AbortSignal,
  ) {}

  /** Resolves once a sync that started after this call has finished (or on abort). */
  request(kind: 'partial' | 'full'): Promise<void> {
    if (this.signal.aborted) return Promise.resolve();
    if (kind === 'full' || this.wanted === 'none') this.wanted = kind;
    this.draining ??= this.drain();
    return this.draining;
  }

  /** Resolves when no sync runs. */
  idle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    try {
      while (this.wanted !== 'none' && !this.signal.aborted) {
        const full = this.wanted === 'full';
        this.wanted = 'none';
        await this.syncOnce(full);
      }
    } finally {
      this.draining = null;
    }
  }
}
