import type { AlertSeverity } from './alert-rule.js';

/** A firing alert, for the dashboard's Alerts panel and `jobdeck alert --check`. */
export interface ActiveAlert {
  readonly ruleId: string;
  readonly subject: string;
  readonly severity: AlertSeverity;
  readonly summary: string;
  /** First breaching check of this episode (epoch ms). */
  readonly since: number;
  /** When the debounce was satisfied (epoch ms). */
  readonly firedAt: number;
  /** Last notice sent for this rule and subject, in this episode or before; null = none. */
  readonly lastNotifiedAt: number | null;
  /** Whether a notice went out for this episode (false while silenced or in cooldown). */
  readonly notified: boolean;
  /** End of the silence covering it, or null. */
  readonly silencedUntil: number | null;
}
