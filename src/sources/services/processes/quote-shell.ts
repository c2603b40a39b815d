/** Pure: one POSIX shell word that expands to exactly `text` (`it's` → `'it'\''s'`). */
export function quoteShell(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
