import { z } from 'zod';
import { durationSchema as duration } from './duration-schema.js';

/** Alert and readiness thresholds; defaults are DESIGN.md's, the QFieldCloud operators' values. */
export const thresholdsSchema = z.strictObject({
  workerFailedChecks: z.number().int().min(1).default(3),
  memoryMb: z.number().positive().default(500),
  stuckAfter: duration.default(600_000),
  queueDepthWarn: z.number().int().min(0).default(10),
  queueDepthGood: z.number().int().min(0).default(5),
  failureRateCritical: z.number().min(0).max(1).default(0.3),
  /** A worker whose heartbeat is older than this is `stale`. */
  staleHeartbeat: duration.default(120_000),
  /** Older than this it is `dead`: dead-worker cleanup may take its jobs. */
  deadHeartbeat: duration.default(300_000),
  alertCooldown: duration.default(1_800_000),
});

export type Thresholds = z.infer<typeof thresholdsSchema>;
