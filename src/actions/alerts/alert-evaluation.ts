import type { ActiveAlert } from './active-alert.js';
import type { AlertEvent } from './alert-event.js';
import type { PendingAlert } from './pending-alert.js';

/** The outcome of one `AlertEngine.evaluate`: what to send now and what is firing. */
export interface AlertEvaluation {
  /** Firing notices to send now (new, or reminders past their cooldown). */
  readonly fired: readonly AlertEvent[];
  /** Resolved notices to send now (only for alerts whose firing notice went out). */
  readonly resolved: readonly AlertEvent[];
  /** Every firing alert, critical first, then oldest first. */
  readonly active: readonly ActiveAlert[];
  /** Subjects in breach still inside their debounce. */
  readonly pending: readonly PendingAlert[];
}
