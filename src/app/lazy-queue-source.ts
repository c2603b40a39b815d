import type { QueueSnapshot } from '../sources/queue/core/queue-snapshot.js';
import type {
  CleanupKind,
  CleanupPlan,
  CleanupResult,
  QueueSource,
} from '../sources/queue/core/queue-source.js';

/**
 * A queue source whose implementation (and its client library) is imported on first
 * use, so a command that never reads that kind of queue never loads it. What the
 * interface needs synchronously — preset, target, cleanup kinds — is given up front.
 */
export class LazyQueueSource implements QueueSource {
  #loaded: Promise<QueueSource> | null = null;

  constructor(
    readonly preset: string,
    readonly target: string,
    private readonly kinds: readonly CleanupKind[],
    private readonly load: () => Promise<QueueSource>,
  ) {}

  #get(): Promise<QueueSource> {
    this.#loaded ??= this.load();
    return this.#loaded;
  }

  async read(): Promise<QueueSnapshot> {
    return (await this.#get()).read();
  }

  cleanupKinds(): readonly CleanupKind[] {
    return this.kinds;
  }

  async planCleanup(kind: CleanupKind): Promise<CleanupPlan> {
    return (await this.#get()).planCleanup(kind);
  }

  async runCleanup(plan: CleanupPlan): Promise<CleanupResult> {
    return (await this.#get()).runCleanup(plan);
  }

  async close(): Promise<void> {
    if (this.#loaded !== null) await (await this.#loaded).close();
  }
}
