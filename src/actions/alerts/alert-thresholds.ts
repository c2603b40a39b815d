import type { Thresholds } from '../../config/thresholds-schema.js';

/**
 * Every threshold a rule reads, in config units (ms for durations): the global ones
 * (config `thresholds:`, resolved per target) plus the few only alert rules use.
 */
export interface AlertThresholds extends Thresholds {
  /** Crash loop: this many restarts by the engine's restart policy… */
  readonly crashLoopRestarts: number;
  /** …within this window (ms). */
  readonly crashLoopWindow: number;
  /** Workers idle while jobs wait: the oldest waiting job must be at least this old (ms). */
  readonly idleAfter: number;
  /** Failure rate: ignore the rate until this many jobs completed in the window. */
  readonly failureRateMinJobs: number;
  /** Stale heartbeat: silent longer than this (ms) and holding no job = gone, not stale. */
  readonly heartbeatForgetAfter: number;
}
