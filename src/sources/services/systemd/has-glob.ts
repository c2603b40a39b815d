/** Pure: whether a configured unit is a glob (systemctl's fnmatch: `*`, `?`, `[…]`). */
export function hasGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}
