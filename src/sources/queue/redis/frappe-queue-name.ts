/**
 * Frappe v14+ names its rq queues `<bench_id>:<type>` (`generate_qname`); v13 uses the
 * plain type (queues.md §2). The bench id itself may contain `:`-free dashes only
 * (a path with `/` → `-`), so the type is what follows the last colon.
 */
export interface FrappeQueueName {
  /** The bench prefix, null for v13's plain names. */
  readonly benchId: string | null;
  /** `short`, `default`, `long` or a custom worker queue name from common_site_config. */
  readonly type: string;
  /** Default timeout of that queue type in seconds (get_queues_timeout: 300/300/1500, custom 300). */
  readonly timeoutSeconds: number;
}

const TIMEOUTS: Readonly<Record<string, number>> = { short: 300, default: 300, long: 1500 };
const CUSTOM_QUEUE_TIMEOUT = 300;

export function parseFrappeQueueName(name: string): FrappeQueueName {
  const cut = name.lastIndexOf(':');
  const benchId = cut > 0 ? name.slice(0, cut) : null;
  const type = cut >= 0 ? name.slice(cut + 1) : name;
  return { benchId, type, timeoutSeconds: TIMEOUTS[type] ?? CUSTOM_QUEUE_TIMEOUT };
}
