import type { AppSnapshot } from '../store/app-snapshot.js';
import type { DashboardStore } from '../ui/dashboard-store.js';

/** What a session view needs of its terminal: whether the client is behind, and when not. */
export interface Backpressure {
  readonly behind: boolean;
  onDrain(listener: () => void): () => void;
}

/**
 * One session's window on the server's one store. It never pauses the store (other
 * sessions keep theirs live): `p` freezes this view only. A viewer's view says
 * read-only whatever the config says. While the client is behind (its channel still
 * holds unsent frames) data changes are held back; when it drains, the latest one is
 * drawn, so a slow client skips frames instead of queueing them.
 */
export class SessionView implements DashboardStore {
  private paused: AppSnapshot | null = null;
  private source: AppSnapshot | null = null;
  private decorated: AppSnapshot | null = null;
  private readonly listeners = new Set<() => void>();
  private held = false;
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly shared: Pick<DashboardStore, 'subscribe' | 'getSnapshot'>,
    private readonly options: { readonly readOnly: boolean; readonly terminal: Backpressure },
  ) {
    this.offs.push(
      shared.subscribe(() => {
        if (this.paused !== null) return;
        if (options.terminal.behind) {
          this.held = true;
          return;
        }
        this.notify();
      }),
      options.terminal.onDrain(() => {
        if (!this.held) return;
        this.held = false;
        this.notify();
      }),
    );
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): AppSnapshot => this.paused ?? this.decorate(this.shared.getSnapshot());

  setPaused(paused: boolean): void {
    this.paused = paused ? { ...this.getSnapshot(), paused: true } : null;
    this.notify();
  }

  close(): void {
    for (const off of this.offs) off();
    this.listeners.clear();
  }

  /** The same object for the same store snapshot (useSyncExternalStore needs that). */
  private decorate(snapshot: AppSnapshot): AppSnapshot {
    if (snapshot === this.source && this.decorated !== null) return this.decorated;
    this.source = snapshot;
    this.decorated =
      this.options.readOnly && !snapshot.readOnly ? { ...snapshot, readOnly: true } : snapshot;
    return this.decorated;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
