import type { ContainerInspect, ContainerSummary } from './docker-api-schemas.js';
import type { ContainerPlace } from './docker-matchers.js';

/** What the collector keeps per container it shows: the list entry, and its inspect answer. */
export interface TrackedContainer {
  readonly summary: ContainerSummary;
  readonly place: ContainerPlace;
  /** Null until the first inspect answer; kept across lists until a re-inspect replaces it. */
  readonly inspect: ContainerInspect | null;
}
