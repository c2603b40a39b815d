/**
 * The row that is selected: the remembered id while it is still listed, else the first
 * row (or null). Selection is kept by id, so rows moving or appearing do not move it.
 */
export function resolveSelection(ids: readonly string[], selected: string | null): string | null {
  if (selected !== null && ids.includes(selected)) return selected;
  return ids[0] ?? null;
}
