import type { AppSnapshot } from '../../store/app-snapshot.js';

export type AlertSeverity = 'warning' | 'critical';

/** One subject a rule finds in breach: a container, a worker, `queue`, `database`. */
export interface RuleFinding {
  /** Stable across checks (cooldowns, debounce counters and silences are keyed by it). */
  readonly subject: string;
  /** One line for the notice: what is wrong, with the number that broke the threshold. */
  readonly summary: string;
}

/**
 * A small scratchpad a rule keeps between checks (the crash-loop rule remembers restart
 * counts). JSON-safe, so it is persisted with the rest of the alert state.
 */
export type RuleMemory = Readonly<Record<string, readonly number[]>>;

export interface RuleInput {
  readonly snapshot: AppSnapshot;
  /** Epoch ms from the engine's injected clock. */
  readonly now: number;
  /** Subjects of this rule that are firing now (for hysteresis: fire > 10, clear < 5). */
  readonly firing: ReadonlySet<string>;
  readonly memory: RuleMemory;
}

export interface RuleCheck {
  /**
   * Subjects in breach now. `null` means the rule cannot tell (its source is off, loading
   * or failing): the engine then leaves the rule's counters and alerts as they are, so a
   * Docker hiccup neither resolves an alert nor advances a debounce.
   */
  readonly findings: readonly RuleFinding[] | null;
  /** The new scratchpad; omitted = unchanged. */
  readonly memory?: RuleMemory;
}

/** A rule the engine evaluates on every snapshot. */
export interface AlertRule {
  /** Stable id, used in config overrides, silences and notices: `worker-not-running`. */
  readonly id: string;
  readonly description: string;
  readonly severity: AlertSeverity;
  /** Fire only after this many consecutive checks in breach (debounce). */
  readonly forChecks: number;
  /** Per subject: no second notice within this long (ms) of the last one. */
  readonly cooldownMs: number;
  /** The thresholds this rule uses, for the effective-config printer: `> 500 MiB`. */
  readonly threshold: string;
  check(input: RuleInput): RuleCheck;
}
