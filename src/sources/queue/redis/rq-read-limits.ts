/** Caps on what one refresh reads, so a huge or runaway Redis cannot stall the script. */
export interface RqReadLimits {
  /** `rq:wip` members read per queue. */
  readonly wip: number;
  /** New finished/failed members read per registry per refresh. */
  readonly done: number;
  readonly queues: number;
  readonly workers: number;
}

export const DEFAULT_RQ_READ_LIMITS: RqReadLimits = {
  wip: 1000,
  done: 500,
  queues: 1000,
  workers: 1000,
};
