/** What the healer remembers between checks (in memory, per monitor process). */
export interface HealingState {
  /** Consecutive checks each worker container was seen not running, by container id. */
  readonly downChecks: ReadonlyMap<string, number>;
  /** Restart times per `project/service` (epoch ms), for the budget. */
  readonly restarts: ReadonlyMap<string, readonly number[]>;
  /** Services whose budget ran out and were reported (reported once per exhaustion). */
  readonly exhausted: ReadonlySet<string>;
  /** Consecutive checks with jobs waiting, none running, and worker containers up. */
  readonly idleChecks: number;
  /** Consecutive checks each in-flight job was seen without a running job container. */
  readonly orphanChecks: ReadonlyMap<string, number>;
}

export const emptyHealingState: HealingState = {
  downChecks: new Map(),
  restarts: new Map(),
  exhausted: new Set(),
  idleChecks: 0,
  orphanChecks: new Map(),
};
