/**
 * Pure: orders two strings by their UTF-16 code units, the order `Array.prototype.sort`
 * uses by default. Used for ids, names and keys instead of `localeCompare`, whose first
 * call loads ICU's collation data: about 3 MB of the process's memory (issue 14) for an
 * order nobody reads as language (`Worker-2` before `worker-1`, as `ls` in the C locale).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
