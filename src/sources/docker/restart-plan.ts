/** One container a restart action will restart, as the preview saw it. */
export interface RestartTarget {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  /** `State.StartedAt` at preview time: the restart is confirmed when it changes. */
  readonly startedAt: string | null;
  /** Seconds between SIGTERM and SIGKILL, passed as `t` (the container's own by default). */
  readonly stopTimeoutSeconds: number;
}

/** What a restart action will do: these containers, in this order, one at a time. */
export interface RestartPlan {
  readonly targets: readonly RestartTarget[];
  /** After the stop timeout, how long each container may take to run (and be healthy). */
  readonly startTimeoutMs: number;
  readonly requestTimeoutMs: number;
}
