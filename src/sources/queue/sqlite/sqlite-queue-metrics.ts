/**
 * What PrismQ's own `QueueMonitoring.get_queue_metrics()` reports, computed the same
 * way, so an operator can compare jobdeck with PrismQ's numbers one to one.
 */
export interface SqliteQueueMetrics {
  /** `queue_depth_by_status`: every status in the table. */
  readonly depthByStatus: Readonly<Record<string, number>>;
  /** `queue_depth_by_type`: waiting tasks only, by type ("(none)" when the type is NULL). */
  readonly queuedDepthByType: Readonly<Record<string, number>>;
  /** `oldest_queued_task_age_seconds`: whole seconds since the oldest waiting task was created. */
  readonly oldestQueuedAgeSeconds: number | null;
  /** All-time counts behind the rates (PrismQ's `task_statistics`, without avg_attempts). */
  readonly completed: number;
  readonly failed: number;
  /** `success_rate` / `failure_rate`: completed vs failed over all time; dead_letter is not counted. */
  readonly successRate: number | null;
  readonly failureRate: number | null;
  /** `total_workers`, `active_workers` (beat within 60 s), `stale_workers` (none for 300 s); null without a workers table. */
  readonly totalWorkers: number | null;
  readonly activeWorkers: number | null;
  readonly staleWorkers: number | null;
}
