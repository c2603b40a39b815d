/** A subject in breach that has not yet passed its rule's `for N checks` debounce. */
export interface PendingAlert {
  readonly ruleId: string;
  readonly subject: string;
  readonly summary: string;
  readonly checks: number;
  readonly forChecks: number;
  readonly since: number;
}
