/**
 * The capacity advisor's answer (issue 7): STOP (the configuration is sufficient),
 * CONSIDER (scale the workers), INVESTIGATE (jobs fail: more workers will not help),
 * MONITOR (not enough history to tell).
 */
export interface CapacityAdvice {
  readonly verdict: 'STOP' | 'CONSIDER' | 'INVESTIGATE' | 'MONITOR';
  /** One line: the numbers behind the verdict. */
  readonly reason: string;
  /** One line: what to do, e.g. "raise QFIELDCLOUD_WORKER_REPLICAS, 2 → 4". */
  readonly action: string;
  /** Mean queue depth over the samples that knew it; null without any. */
  readonly avgQueueDepth: number | null;
  /** Succeeded / completed over the period, 0…1; null when nothing completed. */
  readonly successRate: number | null;
  /** Hours between the first and the last sample with a queue depth. */
  readonly spanHours: number;
  /** Raw samples behind the averages (a 10-minute bucket counts its samples). */
  readonly samples: number;
  /** Worker replicas in the newest sample that knew them; null if never known. */
  readonly workers: number | null;
}
