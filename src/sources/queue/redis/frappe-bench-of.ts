const FRAPPE_QUEUE = /^(.+):(short|default|long)$/;

/**
 * The bench id of a Redis shared by Frappe queues, when exactly one bench prefix owns
 * `short`/`default`/`long` queues (v14+ names are `<bench_id>:<type>`, queues.md §2);
 * null for none (v13's plain names) or several benches.
 */
export function frappeBenchOf(queueNames: readonly string[]): string | null {
  const benches = new Set<string>();
  for (const name of queueNames) {
    const bench = FRAPPE_QUEUE.exec(name)?.[1];
    if (bench !== undefined) benches.add(bench);
  }
  const [only] = benches;
  return benches.size === 1 && only !== undefined ? only : null;
}
