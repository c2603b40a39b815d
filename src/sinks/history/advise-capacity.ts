import type { CapacityAdvice } from './capacity-advice.js';
import type { HistoryRow } from './history-row.js';

export interface CapacityInputs {
  /** History of the period to judge, oldest first (default period: the last 7 days). */
  readonly rows: readonly HistoryRow[];
  /** Below this mean depth the workers keep up (config `queueDepthGood`, default 5). */
  readonly queueDepthGood: number;
  /** Above this mean depth they clearly do not (config `queueDepthWarn`, default 10). */
  readonly queueDepthWarn: number;
  /** A failure share above this is a job problem, not a capacity one (default 0.3). */
  readonly failureRateCritical: number;
  /** The variable operators change to scale: QFieldCloud's `QFIELDCLOUD_WORKER_REPLICAS`. */
  readonly replicasSetting?: string;
  /** Less history than this is MONITOR (default one day: a weekday and a night). */
  readonly minSpanHours?: number;
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/**
 * A capacity verdict from history. The order matters: failing jobs come first (more
 * workers would only fail faster), then too little data, then the queue depth. The
 * success rate weighs every hourly window by the jobs it completed, so a quiet night
 * with one failure does not outweigh a busy day. Scaling advice: double the replicas
 * when the mean depth is above `queueDepthWarn`, one more when it is between good and
 * warn. These cut-offs are a starting point from the operators' thresholds, not a model.
 */
export function adviseCapacity(input: CapacityInputs): CapacityAdvice {
  const setting = input.replicasSetting ?? 'the worker replicas';
  let depthSum = 0;
  let depthWeight = 0;
  let first: number | null = null;
  let last: number | null = null;
  let succeeded = 0;
  let failed = 0;
  let workers: number | null = null;
  for (const r of input.rows) {
    if (r.queueDepth !== null) {
      depthSum += r.queueDepth * r.samples;
      depthWeight += r.samples;
      first ??= r.at;
      last = r.at;
    }
    if (r.finished1h !== null && r.failed1h !== null) {
      succeeded += r.finished1h * r.samples;
      failed += r.failed1h * r.samples;
    }
    if (r.workersTotal !== null) workers = Math.round(r.workersTotal);
  }
  const avgQueueDepth = depthWeight === 0 ? null : depthSum / depthWeight;
  const completed = succeeded + failed;
  const successRate = completed === 0 ? null : succeeded / completed;
  const spanHours = first === null || last === null ? 0 : (last - first) / 3_600_000;
  const stats = { avgQueueDepth, successRate, spanHours, samples: depthWeight, workers };
  const depthText = avgQueueDepth === null ? 'n/a' : avgQueueDepth.toFixed(1);
  const successText = successRate === null ? 'n/a' : pct(successRate);
  const numbers = `mean queue depth ${depthText}, success ${successText} over ${spanHours.toFixed(0)} h`;

  if (successRate !== null && 1 - successRate > input.failureRateCritical) {
    return {
      verdict: 'INVESTIGATE',
      reason: `${pct(1 - successRate)} of jobs failed (limit ${pct(input.failureRateCritical)}); ${numbers}`,
      action: 'find why jobs fail (job logs, failed jobs by type) before adding workers',
      ...stats,
    };
  }
  if (avgQueueDepth === null || spanHours < (input.minSpanHours ?? 24)) {
    return {
      verdict: 'MONITOR',
      reason: `not enough history yet (${spanHours.toFixed(1)} h of ${input.minSpanHours ?? 24} h needed)`,
      action: 'keep `jobdeck monitor` running; the advice needs at least a day of samples',
      ...stats,
    };
  }
  if (avgQueueDepth < input.queueDepthGood) {
    return {
      verdict: 'STOP',
      reason: `workers keep up: ${numbers} (good < ${input.queueDepthGood})`,
      action: 'nothing to change: the configuration is sufficient',
      ...stats,
    };
  }
  const target =
    workers === null
      ? null
      : avgQueueDepth > input.queueDepthWarn
        ? Math.max(workers * 2, workers + 1)
        : workers + 1;
  return {
    verdict: 'CONSIDER',
    reason: `jobs wait: ${numbers} (good < ${input.queueDepthGood}, warn > ${input.queueDepthWarn})`,
    action:
      workers === null || target === null
        ? `raise ${setting} (check CPU and memory headroom first)`
        : `raise ${setting}, ${workers} → ${target} (check CPU and memory headroom first)`,
    ...stats,
  };
}
