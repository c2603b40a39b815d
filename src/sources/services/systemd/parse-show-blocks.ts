/**
 * Pure: `systemctl show` output → one record per unit. Units are separated by a blank
 * line; each line is `Key=Value`, split at the first `=` (values such as ExecStart hold
 * more). A line without `=` is not a property and is skipped.
 */
export function parseShowBlocks(stdout: string): Record<string, string>[] {
  const blocks: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') {
      current = null;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    if (current === null) {
      current = {};
      blocks.push(current);
    }
    current[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return blocks;
}
