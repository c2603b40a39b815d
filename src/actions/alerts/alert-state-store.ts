import { randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { defaultStateDbPath } from '../../sinks/history/default-state-db-path.js';
import { openStateDatabase } from '../../sinks/history/open-state-database.js';
import { sqlNumber } from '../../sinks/history/sql-number.js';
import { sqlText } from '../../sinks/history/sql-text.js';
import { withTransaction } from '../../sinks/history/with-transaction.js';
import type { AlertEngineState, AlertSubjectState } from './alert-engine-state.js';
import type { RuleMemory } from './alert-rule.js';
import type { AlertSilence } from './alert-silence.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alert_subjects (
  rule_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  checks INTEGER NOT NULL,
  since INTEGER,
  summary TEXT NOT NULL,
  firing INTEGER NOT NULL,
  fired_at INTEGER,
  notified INTEGER NOT NULL,
  last_notified_at INTEGER,
  PRIMARY KEY (rule_id, subject)
) STRICT;
CREATE TABLE IF NOT EXISTS alert_memory (
  rule_id TEXT NOT NULL,
  key TEXT NOT NULL,
  vals TEXT NOT NULL,
  PRIMARY KEY (rule_id, key)
) STRICT;
CREATE TABLE IF NOT EXISTS alert_silences (
  id TEXT PRIMARY KEY,
  rule_id TEXT NOT NULL,
  subject TEXT,
  until INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT,
  reason TEXT
) STRICT;
`;

function numbers(json: string | null): number[] | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return null;
    const out = value.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return out.length === value.length ? out : null;
  } catch {
    return null;
  }
}

/**
 * Alert state that survives restarts, in the state database (one file with history):
 * counters, cooldowns, firing alerts and rule memory, saved by the monitor after each
 * check in one transaction; and silences, which this store owns. Silences are written
 * by other processes (`jobdeck silence`, the dashboard), so `save` never touches them
 * and the monitor re-reads them before each evaluation.
 */
export class AlertStateStore {
  private constructor(
    private readonly db: DatabaseSync,
    private readonly ownsDb: boolean,
  ) {
    db.exec(SCHEMA);
  }

  /** Opens (creating) the file; default `$XDG_STATE_HOME/jobdeck/state.db`. */
  static open(path: string = defaultStateDbPath()): AlertStateStore {
    return new AlertStateStore(openStateDatabase(path), true);
  }

  /** Uses a database opened elsewhere (shared with the history store); `close` leaves it open. */
  static on(db: DatabaseSync): AlertStateStore {
    return new AlertStateStore(db, false);
  }

  /** The saved engine state with the silences still in force at `now`. */
  load(now: number): AlertEngineState {
    const subjects: AlertSubjectState[] = [];
    for (const r of this.db.prepare('SELECT * FROM alert_subjects').all()) {
      const ruleId = sqlText(r.rule_id);
      const subject = sqlText(r.subject);
      if (ruleId === null || subject === null) continue;
      subjects.push({
        ruleId,
        subject,
        checks: sqlNumber(r.checks) ?? 0,
        since: sqlNumber(r.since),
        summary: sqlText(r.summary) ?? '',
        firing: sqlNumber(r.firing) === 1,
        firedAt: sqlNumber(r.fired_at),
        notified: sqlNumber(r.notified) === 1,
        lastNotifiedAt: sqlNumber(r.last_notified_at),
      });
    }
    const memory: Record<string, Record<string, readonly number[]>> = {};
    for (const r of this.db.prepare('SELECT rule_id, key, vals FROM alert_memory').all()) {
      const ruleId = sqlText(r.rule_id);
      const key = sqlText(r.key);
      const vals = numbers(sqlText(r.vals));
      // A row that does not parse is dropped: the rule re-learns it on the next check.
      if (ruleId === null || key === null || vals === null) continue;
      (memory[ruleId] ??= {})[key] = vals;
    }
    return { subjects, memory, silences: this.listSilences(now) };
  }

  /** Replaces counters, alerts and rule memory in one transaction (silences untouched). */
  save(state: Pick<AlertEngineState, 'subjects' | 'memory'>): void {
    withTransaction(this.db, () => {
      this.db.exec('DELETE FROM alert_subjects; DELETE FROM alert_memory;');
      const subject = this.db.prepare(
        `INSERT INTO alert_subjects (rule_id, subject, checks, since, summary, firing, fired_at, notified, last_notified_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const s of state.subjects) {
        subject.run(
          s.ruleId,
          s.subject,
          s.checks,
          s.since,
          s.summary,
          s.firing ? 1 : 0,
          s.firedAt,
          s.notified ? 1 : 0,
          s.lastNotifiedAt,
        );
      }
      const memory = this.db.prepare(
        'INSERT INTO alert_memory (rule_id, key, vals) VALUES (?, ?, ?)',
      );
      for (const [ruleId, entries] of Object.entries<RuleMemory>(state.memory)) {
        for (const [key, vals] of Object.entries(entries)) {
          memory.run(ruleId, key, JSON.stringify(vals));
        }
      }
    });
  }

  addSilence(input: {
    ruleId: string;
    subject?: string | null;
    until: number;
    now: number;
    createdBy?: string | null;
    reason?: string | null;
  }): AlertSilence {
    const silence: AlertSilence = {
      id: randomBytes(4).toString('hex'),
      ruleId: input.ruleId,
      subject: input.subject ?? null,
      until: input.until,
      createdAt: input.now,
      createdBy: input.createdBy ?? null,
      reason: input.reason ?? null,
    };
    this.db
      .prepare(
        `INSERT INTO alert_silences (id, rule_id, subject, until, created_at, created_by, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        silence.id,
        silence.ruleId,
        silence.subject,
        silence.until,
        silence.createdAt,
        silence.createdBy,
        silence.reason,
      );
    return silence;
  }

  /** Ends silences by id, or every silence of a rule id (`*` included). Returns how many. */
  removeSilence(idOrRuleId: string): number {
    const result = this.db
      .prepare('DELETE FROM alert_silences WHERE id = ? OR rule_id = ?')
      .run(idOrRuleId, idOrRuleId);
    return Number(result.changes);
  }

  /** Silences in force at `now`, soonest to end first; expired ones are deleted. */
  listSilences(now: number): AlertSilence[] {
    this.db.prepare('DELETE FROM alert_silences WHERE until <= ?').run(now);
    const out: AlertSilence[] = [];
    for (const r of this.db.prepare('SELECT * FROM alert_silences ORDER BY until, id').all()) {
      const id = sqlText(r.id);
      const ruleId = sqlText(r.rule_id);
      const until = sqlNumber(r.until);
      if (id === null || ruleId === null || until === null) continue;
      out.push({
        id,
        ruleId,
        subject: sqlText(r.subject),
        until,
        createdAt: sqlNumber(r.created_at) ?? until,
        createdBy: sqlText(r.created_by),
        reason: sqlText(r.reason),
      });
    }
    return out;
  }

  close(): void {
    if (this.ownsDb && this.db.isOpen) this.db.close();
  }
}
