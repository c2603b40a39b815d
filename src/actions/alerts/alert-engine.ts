import type { AppSnapshot } from '../../store/app-snapshot.js';
import type { ActiveAlert } from './active-alert.js';
import type { AlertEngineState, AlertSubjectState } from './alert-engine-state.js';
import type { AlertEvaluation } from './alert-evaluation.js';
import type { AlertEvent } from './alert-event.js';
import type { AlertRule, RuleMemory } from './alert-rule.js';
import type { AlertSilence } from './alert-silence.js';
import type { PendingAlert } from './pending-alert.js';
import { compareText } from '../../shared/compare-text.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type SubjectState = Mutable<AlertSubjectState>;

const key = (ruleId: string, subject: string): string => `${ruleId}\u0000${subject}`;

/**
 * The rule engine: evaluates every rule on a snapshot and decides what to notify. Pure
 * apart from its own state: no I/O and no clock of its own (`now` is passed in), so the
 * monitor, the dashboard and the tests drive it the same way.
 *
 * Per rule and subject: a breach must hold for `forChecks` consecutive checks before
 * the alert fires; a firing notice is sent unless the subject is silenced or a notice
 * went out less than `cooldownMs` ago (then it is sent once the cooldown ends, if the
 * alert still fires); while firing, a reminder is sent every `cooldownMs`; when the
 * breach clears, a resolved notice is sent if a firing notice was. The cooldown
 * outlives the episode, so a flapping condition notifies at most once per cooldown.
 */
export class AlertEngine {
  private readonly states = new Map<string, SubjectState>();
  private memory: Record<string, RuleMemory> = {};
  private silenceList: AlertSilence[] = [];

  constructor(readonly rules: readonly AlertRule[]) {
    const ids = new Set<string>();
    for (const rule of rules) {
      // Duplicate ids would share counters and silences: a programming error.
      if (ids.has(rule.id)) throw new Error(`duplicate alert rule id ${rule.id}`);
      ids.add(rule.id);
    }
  }

  evaluate(snapshot: AppSnapshot, now: number): AlertEvaluation {
    this.silenceList = this.silenceList.filter((s) => s.until > now);
    const fired: AlertEvent[] = [];
    const resolved: AlertEvent[] = [];
    const event = (
      kind: AlertEvent['kind'],
      rule: AlertRule,
      state: SubjectState,
      since: number,
      repeat: boolean,
    ): AlertEvent => ({
      kind,
      ruleId: rule.id,
      subject: state.subject,
      severity: rule.severity,
      summary: state.summary,
      target: snapshot.target,
      at: now,
      since,
      repeat,
    });

    for (const rule of this.rules) {
      const mine = [...this.states.values()].filter((s) => s.ruleId === rule.id);
      const firing = new Set(mine.filter((s) => s.firing).map((s) => s.subject));
      const result = rule.check({ snapshot, now, firing, memory: this.memory[rule.id] ?? {} });
      if (result.memory !== undefined) this.memory[rule.id] = result.memory;
      if (result.findings === null) continue;

      const seen = new Set<string>();
      for (const finding of result.findings) {
        if (seen.has(finding.subject)) continue;
        seen.add(finding.subject);
        let state = this.states.get(key(rule.id, finding.subject));
        if (state === undefined) {
          state = {
            ruleId: rule.id,
            subject: finding.subject,
            checks: 0,
            since: null,
            summary: finding.summary,
            firing: false,
            firedAt: null,
            notified: false,
            lastNotifiedAt: null,
          };
          this.states.set(key(rule.id, finding.subject), state);
        }
        state.checks += 1;
        state.since ??= now;
        state.summary = finding.summary;
        if (!state.firing && state.checks >= rule.forChecks) {
          state.firing = true;
          state.firedAt = now;
          state.notified = false;
        }
        if (!state.firing || this.silencedUntil(rule.id, state.subject, now) !== null) continue;
        const cooled =
          state.lastNotifiedAt === null || now - state.lastNotifiedAt >= rule.cooldownMs;
        if (!cooled) continue;
        fired.push(event('firing', rule, state, state.since, state.notified));
        state.notified = true;
        state.lastNotifiedAt = now;
      }

      for (const state of mine) {
        if (seen.has(state.subject)) continue;
        if (
          state.firing &&
          state.notified &&
          this.silencedUntil(rule.id, state.subject, now) === null
        ) {
          resolved.push(event('resolved', rule, state, state.since ?? now, false));
        }
        state.checks = 0;
        state.since = null;
        state.firing = false;
        state.firedAt = null;
        state.notified = false;
        // Kept while its cooldown runs, so a quick relapse does not notify again.
        if (state.lastNotifiedAt === null || now - state.lastNotifiedAt >= rule.cooldownMs) {
          this.states.delete(key(rule.id, state.subject));
        }
      }
    }
    return { fired, resolved, active: this.active(now), pending: this.pending() };
  }

  /** Firing alerts now, critical first, then oldest first. */
  active(now: number): ActiveAlert[] {
    const severityOf = new Map(this.rules.map((r) => [r.id, r.severity]));
    const out: ActiveAlert[] = [];
    for (const s of this.states.values()) {
      const severity = severityOf.get(s.ruleId);
      if (!s.firing || severity === undefined) continue;
      out.push({
        ruleId: s.ruleId,
        subject: s.subject,
        severity,
        summary: s.summary,
        since: s.since ?? now,
        firedAt: s.firedAt ?? now,
        lastNotifiedAt: s.lastNotifiedAt,
        notified: s.notified,
        silencedUntil: this.silencedUntil(s.ruleId, s.subject, now),
      });
    }
    return out.sort(
      (a, b) =>
        (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1) ||
        a.since - b.since ||
        compareText(a.ruleId, b.ruleId) ||
        compareText(a.subject, b.subject),
    );
  }

  /** Subjects in breach that have not passed their debounce yet. */
  pending(): PendingAlert[] {
    const forOf = new Map(this.rules.map((r) => [r.id, r.forChecks]));
    const out: PendingAlert[] = [];
    for (const s of this.states.values()) {
      const forChecks = forOf.get(s.ruleId);
      if (s.firing || s.checks === 0 || s.since === null || forChecks === undefined) continue;
      out.push({
        ruleId: s.ruleId,
        subject: s.subject,
        summary: s.summary,
        checks: s.checks,
        forChecks,
        since: s.since,
      });
    }
    return out.sort((a, b) => a.since - b.since || compareText(a.ruleId, b.ruleId));
  }

  /** Replaces the silences (the store is their owner: the CLI adds them from another process). */
  setSilences(silences: readonly AlertSilence[]): void {
    this.silenceList = [...silences];
  }

  get silences(): readonly AlertSilence[] {
    return this.silenceList;
  }

  /** The end of the longest silence covering this rule and subject now, or null. */
  silencedUntil(ruleId: string, subject: string, now: number): number | null {
    let until: number | null = null;
    for (const s of this.silenceList) {
      if (s.until <= now) continue;
      if (s.ruleId !== ruleId && s.ruleId !== '*') continue;
      if (s.subject !== null && s.subject !== subject) continue;
      if (until === null || s.until > until) until = s.until;
    }
    return until;
  }

  getState(): AlertEngineState {
    return {
      subjects: [...this.states.values()].map((s) => ({ ...s })),
      memory: { ...this.memory },
      silences: [...this.silenceList],
    };
  }

  /** Continues from a saved state; entries of rules no longer configured are dropped. */
  restoreState(state: AlertEngineState): void {
    const known = new Set(this.rules.map((r) => r.id));
    this.states.clear();
    for (const s of state.subjects) {
      if (known.has(s.ruleId)) this.states.set(key(s.ruleId, s.subject), { ...s });
    }
    this.memory = Object.fromEntries(
      Object.entries(state.memory).filter(([ruleId]) => known.has(ruleId)),
    );
    this.silenceList = [...state.silences];
  }
}
