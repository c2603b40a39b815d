/** One row of the workers table as read. */
export interface WorkerRow {
  readonly id: string;
  /** Last heartbeat, epoch ms; null when NULL or not a datetime. */
  readonly beatMs: number | null;
}
