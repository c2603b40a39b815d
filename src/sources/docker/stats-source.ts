import type { ContainerResources } from './docker-snapshot.js';

/**
 * Where per-container resources come from: long-lived streams or one-shot polling (see
 * the `stats` option). Both keep the latest figures per running container.
 */
export interface StatsSource {
  readonly mode: 'stream' | 'poll';
  /** The running containers now: collection starts for new ones and stops for the rest. */
  sync(running: ReadonlySet<string>): void;
  get(id: string): ContainerResources | null;
  close(): void;
}
