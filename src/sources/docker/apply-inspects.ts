import { containerInspectSchema } from './docker-api-schemas.js';
import { httpStatus } from './http-status.js';
import type { TrackedContainer } from './tracked-container.js';

export interface AppliedInspects {
  /** The tracked containers with the new inspect answers, without those that are gone. */
  readonly tracked: ReadonlyMap<string, TrackedContainer>;
  /** Removed between the list and the inspect (HTTP 404): the next event or sync settles it. */
  readonly gone: readonly string[];
  /** The first failure that is not a 404: the sync failed (the rest is applied all the same). */
  readonly failure: { readonly error: unknown } | null;
}

/**
 * Pure: the inspect answers for `ids` (settled in the same order) → the tracked containers
 * with them. An answer that does not validate keeps the previous one; inputs are not changed.
 */
export function applyInspects(
  tracked: ReadonlyMap<string, TrackedContainer>,
  ids: readonly string[],
  results: readonly PromiseSettledResult<unknown>[],
): AppliedInspects {
  const next = new Map(tracked);
  const gone: string[] = [];
  let failure: AppliedInspects['failure'] = null;
  results.forEach((result, index) => {
    const id = ids[index];
    if (id === undefined) return;
    if (result.status === 'fulfilled') {
      const entry = next.get(id);
      const parsed = containerInspectSchema.safeParse(result.value);
      if (entry !== undefined && parsed.success) next.set(id, { ...entry, inspect: parsed.data });
    } else if (httpStatus(result.reason) === 404) {
      next.delete(id);
      gone.push(id);
    } else {
      failure ??= { error: result.reason };
    }
  });
  return { tracked: next, gone, failure };
}
