/**
 * The actions the dashboard has started and not finished. Quitting waits for them: an
 * action in flight completes, it is never cut off half-applied (issue 4, "Terminal
 * hygiene"). Pending confirmations are declined when the dashboard closes.
 */
export class ActionTracker {
  private readonly running = new Map<number, string>();
  private readonly cancels = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  private readonly work = new Set<Promise<void>>();
  private snapshot: readonly string[] = [];
  private nextId = 1;
  private isClosed = false;

  /** Labels of the actions in flight, oldest first (stable between changes). */
  readonly getSnapshot = (): readonly string[] => this.snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get closed(): boolean {
    return this.isClosed;
  }

  /** Follows `work` (which must not reject) until it settles. */
  track(label: string, work: Promise<void>): void {
    const id = this.nextId++;
    this.running.set(id, label);
    this.work.add(work);
    this.changed();
    void work.finally(() => {
      this.running.delete(id);
      this.work.delete(work);
      this.changed();
    });
  }

  /** Registers how to decline a pending confirmation; returns the unregister function. */
  onClose(cancel: () => void): () => void {
    this.cancels.add(cancel);
    return () => this.cancels.delete(cancel);
  }

  /** Declines every pending confirmation, now and from now on. */
  close(): void {
    this.isClosed = true;
    for (const cancel of [...this.cancels]) cancel();
    this.cancels.clear();
  }

  /** Resolves once nothing is in flight. */
  async settled(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  private changed(): void {
    this.snapshot = [...this.running.values()];
    for (const listener of this.listeners) listener();
  }
}
