import type { RuleMemory } from './alert-rule.js';
import type { AlertSilence } from './alert-silence.js';

/** What the engine remembers per rule and subject. Epoch ms throughout. */
export interface AlertSubjectState {
  readonly ruleId: string;
  readonly subject: string;
  /** Consecutive breaching checks in the current episode (0 once it cleared). */
  readonly checks: number;
  /** First breaching check of the current episode, or null when not in breach. */
  readonly since: number | null;
  readonly summary: string;
  /** Debounce satisfied and not yet resolved. */
  readonly firing: boolean;
  readonly firedAt: number | null;
  /** Whether a firing notice went out in this episode (drives the resolved notice). */
  readonly notified: boolean;
  /** Last firing notice for this rule and subject: the cooldown runs from here. */
  readonly lastNotifiedAt: number | null;
}

/** Everything `AlertEngine` needs to continue after a restart (see AlertStateStore). */
export interface AlertEngineState {
  readonly subjects: readonly AlertSubjectState[];
  /** Per rule id. */
  readonly memory: Readonly<Record<string, RuleMemory>>;
  readonly silences: readonly AlertSilence[];
}
