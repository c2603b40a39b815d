/**
 * `jobdeck silence <rule> [--subject s] --for 2h` and the dashboard's key: no notices
 * for matching alerts until `until`. The alert still shows as firing (marked silenced).
 */
export interface AlertSilence {
  readonly id: string;
  /** A rule id, or `*` for every rule (maintenance). */
  readonly ruleId: string;
  /** Null: every subject of the rule. */
  readonly subject: string | null;
  /** Epoch ms; the silence ends at this instant. */
  readonly until: number;
  readonly createdAt: number;
  readonly createdBy: string | null;
  readonly reason: string | null;
}
