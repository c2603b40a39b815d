import type { ProcStat } from './parse-proc-stat.js';

/**
 * Pure: `root` and all its descendants in `table` (parent links from the ppid field),
 * root first. Empty when `root` is not in the table. Each pid is visited once, so a table
 * read across a pid being reused cannot loop.
 */
export function collectProcessTree(
  root: number,
  table: ReadonlyMap<number, ProcStat>,
  children: ReadonlyMap<number, readonly number[]>,
): ProcStat[] {
  const rootStat = table.get(root);
  if (rootStat === undefined) return [];
  const tree: ProcStat[] = [rootStat];
  const seen = new Set<number>([root]);
  for (let index = 0; index < tree.length; index++) {
    const current = tree[index];
    if (current === undefined) break;
    for (const child of children.get(current.pid) ?? []) {
      const stat = table.get(child);
      if (stat === undefined || seen.has(child)) continue;
      seen.add(child);
      tree.push(stat);
    }
  }
  return tree;
}
