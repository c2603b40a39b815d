import type { AuditEntry } from './audit-log.js';

/** Where an action's audit line goes (AuditLog writes JSON lines; tests collect them). */
export interface AuditSink {
  write(entry: AuditEntry): Promise<void>;
}
