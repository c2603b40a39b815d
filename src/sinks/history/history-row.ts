/**
 * One history sample (or a downsampled bucket of them). Counts are jobs; a value that
 * was not known at sampling time is null, a gap, never 0 (STYLE.md habit 6).
 */
export interface HistoryRow {
  /** Epoch ms: the sample time, or the start of a downsampled bucket. */
  readonly at: number;
  /** The sampling interval, or the bucket length for downsampled rows (ms). */
  readonly resolutionMs: number;
  /** Raw samples averaged into this row (1 for a raw sample). */
  readonly samples: number;
  /** Jobs waiting (`pending + queued`). */
  readonly queueDepth: number | null;
  /** Waiting jobs not yet handed to the queue (QFieldCloud `pending`; 0 elsewhere). */
  readonly pending: number | null;
  /** Waiting jobs in the queue proper (status `queued`). */
  readonly queued: number | null;
  /** Jobs in flight (QFieldCloud `started`, RGrid `running`, RQ `started`). */
  readonly started: number | null;
  /** Succeeded within the queue source's window (default the last hour). */
  readonly finished1h: number | null;
  readonly failed1h: number | null;
  /** Failed / completed within the window, a fraction 0…1. */
  readonly failureRate: number | null;
  readonly throughputPerMin: number | null;
  readonly stuck: number | null;
  readonly workersRunning: number | null;
  readonly workersTotal: number | null;
  /** Sum over running worker containers, % of one core. */
  readonly workerCpu: number | null;
  /** Sum over running worker containers, MiB without page cache. */
  readonly workerMemMb: number | null;
}
