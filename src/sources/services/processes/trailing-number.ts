/** Pure: the number a name ends with (`worker-3` → 3, `worker` → null). */
export function trailingNumber(name: string): number | null {
  const match = /(\d+)$/.exec(name);
  if (match?.[1] === undefined) return null;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) ? n : null;
}
