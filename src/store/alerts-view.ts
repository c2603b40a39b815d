/**
 * What the dashboard shows of the monitor's alerting: the alerts firing in its saved
 * state, how many silences are active, and the maintenance pause. Null in the store
 * when no monitor ever saved state on this host.
 */
export interface AlertsView {
  readonly firing: readonly {
    readonly ruleId: string;
    readonly severity: 'warning' | 'critical';
    readonly subject: string;
    readonly summary: string;
    /** First breaching check of the episode (epoch ms). */
    readonly since: number | null;
  }[];
  readonly silences: number;
  /** Self-healing paused until then (Infinity: until `jobdeck resume`), or null. */
  readonly healingPausedUntil: number | null;
  /** The latest notices the monitor sent (its alerts.jsonl), newest first. */
  readonly recent: readonly {
    readonly at: number;
    readonly kind: 'firing' | 'resolved' | 'test';
    readonly severity: string;
    readonly ruleId: string;
    readonly subject: string;
    readonly summary: string;
  }[];
  /** The capacity verdict over the recorded week, with its suggested action. */
  readonly capacity: { readonly verdict: string; readonly action: string } | null;
}
