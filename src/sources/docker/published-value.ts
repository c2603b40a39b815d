/**
 * The latest value of a source and who wants to hear about it: `subscribe` and `get` are
 * arrow properties, so they can be handed to React's `useSyncExternalStore` as they are.
 * A listener that throws is reported and does not stop the others.
 */
export class PublishedValue<V> {
  private value: V | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Null until the first `set`. */
  readonly get = (): V | null => this.value;

  set(value: V): void {
    this.value = value;
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /**
   * Resolves with the latest value once `predicate` holds, or with whatever is there
   * (possibly null) after `timeoutMs`.
   */
  waitFor(predicate: (value: V) => boolean, timeoutMs: number): Promise<V | null> {
    return new Promise((resolve) => {
      let unsubscribe = (): void => undefined;
      const finish = (): void => {
        clearTimeout(timer);
        unsubscribe();
        resolve(this.value);
      };
      const timer = setTimeout(finish, timeoutMs);
      const check = (): void => {
        if (this.value !== null && predicate(this.value)) finish();
      };
      unsubscribe = this.subscribe(check);
      check();
    });
  }
}
