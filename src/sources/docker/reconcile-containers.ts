import type { ContainerSummary } from './docker-api-schemas.js';
import type { ContainerPlace } from './docker-matchers.js';
import type { TrackedContainer } from './tracked-container.js';

export interface ReconcileOptions {
  /** Where a container belongs by its labels, or null when it is not ours to show. */
  readonly place: (labels: Readonly<Record<string, string>>) => ContainerPlace | null;
  /** A full resync: inspect every container again, whatever changed. */
  readonly full: boolean;
  /** Containers named by an event since the last sync: inspect them again. */
  readonly dirty: ReadonlySet<string>;
}

export interface Reconciliation {
  /**
   * What to track from now on: each shown container with its fresh list entry and the
   * inspect answer it had (null for new ones). The tracked order is kept, new ones last.
   */
  readonly tracked: ReadonlyMap<string, TrackedContainer>;
  /** Listed and shown, not tracked before. */
  readonly added: readonly string[];
  /** Tracked before and still listed. */
  readonly kept: readonly string[];
  /** Tracked before, gone from the list: forget them (and their log line). */
  readonly dropped: readonly string[];
  /** Whose inspect answer is missing or may be stale, in list order. */
  readonly toInspect: readonly string[];
}

// Only the health part of `Status` ("Up 3 minutes (healthy)") says something changed; the
// uptime in it changes every minute and must not trigger re-inspects.
const healthOf = (status: string): string => /\(([^)]*)\)\s*$/.exec(status)?.[1] ?? '';

function needsInspect(
  previous: TrackedContainer | undefined,
  summary: ContainerSummary,
  options: ReconcileOptions,
): boolean {
  return (
    options.full ||
    previous?.inspect == null ||
    options.dirty.has(summary.Id) ||
    previous.summary.State !== summary.State ||
    healthOf(previous.summary.Status) !== healthOf(summary.Status)
  );
}

/**
 * Pure: the containers tracked now and a fresh `GET /containers/json?all=1` → what to add,
 * keep and drop, and which to inspect. Inputs are not changed.
 */
export function reconcile(
  tracked: ReadonlyMap<string, TrackedContainer>,
  list: readonly ContainerSummary[],
  options: ReconcileOptions,
): Reconciliation {
  const listed = new Map<string, { summary: ContainerSummary; place: ContainerPlace }>();
  for (const summary of list) {
    const place = options.place(summary.Labels);
    if (place !== null) listed.set(summary.Id, { summary, place });
  }
  const next = new Map<string, TrackedContainer>();
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const [id, previous] of tracked) {
    const entry = listed.get(id);
    if (entry === undefined) {
      dropped.push(id);
    } else {
      kept.push(id);
      next.set(id, { ...entry, inspect: previous.inspect });
    }
  }
  const added: string[] = [];
  const toInspect: string[] = [];
  for (const [id, entry] of listed) {
    if (!tracked.has(id)) {
      added.push(id);
      next.set(id, { ...entry, inspect: null });
    }
    if (needsInspect(tracked.get(id), entry.summary, options)) toInspect.push(id);
  }
  return { tracked: next, added, kept, dropped, toInspect };
}
