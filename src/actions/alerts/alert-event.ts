import type { AlertSeverity } from './alert-rule.js';

/**
 * A notice the channels deliver. `firing`: a rule fired (or, `repeat`, is still firing
 * after its cooldown); `resolved`: a fired alert cleared; `test`: `jobdeck alert --test`.
 */
export interface AlertEvent {
  readonly kind: 'firing' | 'resolved' | 'test';
  readonly ruleId: string;
  readonly subject: string;
  readonly severity: AlertSeverity;
  /** One line, redacted by the channels before it leaves the process. */
  readonly summary: string;
  /** The jobdeck target (host) the snapshot came from. */
  readonly target: string;
  /** When the event was raised (epoch ms). */
  readonly at: number;
  /** When the condition was first seen in the current episode (epoch ms). */
  readonly since: number;
  /** A reminder: the alert kept firing past its cooldown. */
  readonly repeat: boolean;
}
