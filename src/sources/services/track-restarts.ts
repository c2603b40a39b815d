import type { ServiceInstance } from './service-provider.js';

/** What the collector remembers of one instance between reads. */
export interface TrackedInstance {
  /** The last pid seen, kept through a gap (exited, backoff). */
  readonly pid: number | null;
  /** Restarts seen since jobdeck started watching. */
  readonly restarts: number;
}

/**
 * Pure: restarts observed between two reads, for providers that keep no count
 * (supervisor, plain processes): a pid other than the last one seen, even across reads
 * where it had none (exited, BACKOFF), so one crash and respawn counts once. A first
 * pid (a start) is not a restart. A program crash-looping faster than the reads shows
 * as BACKOFF/FATAL instead (`crashLooping` in the snapshot). Unlisted instances are
 * forgotten.
 */
export function trackRestarts(
  previous: ReadonlyMap<string, TrackedInstance>,
  instances: readonly ServiceInstance[],
): Map<string, TrackedInstance> {
  const next = new Map<string, TrackedInstance>();
  for (const i of instances) {
    const before = previous.get(i.id);
    const lastPid = before?.pid ?? null;
    const restarted = lastPid !== null && i.pid !== null && i.pid !== lastPid;
    next.set(i.id, {
      pid: i.pid ?? lastPid,
      restarts: (before?.restarts ?? 0) + (restarted ? 1 : 0),
    });
  }
  return next;
}
