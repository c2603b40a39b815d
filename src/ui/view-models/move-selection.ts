import { resolveSelection } from './resolve-selection.js';

/** The id `delta` rows away from the current selection, stopping at the ends. */
export function moveSelection(
  ids: readonly string[],
  selected: string | null,
  delta: number,
): string | null {
  const current = resolveSelection(ids, selected);
  if (current === null) return null;
  const index = ids.indexOf(current);
  const next = Math.min(ids.length - 1, Math.max(0, index + delta));
  return ids[next] ?? current;
}
