import type { Actor } from './action.js';

/** One audit line: who, from where, what, result. */
export interface AuditEntry {
  readonly time: string;
  readonly user: string;
  readonly from: string | null;
  readonly via: Actor['via'];
  /** The key fingerprint of a `jobdeck serve` session. */
  readonly key?: string;
  readonly action: string;
  readonly target: string;
  readonly preview: string;
  readonly result: string;
  readonly ok: boolean;
  readonly items?: readonly { target: string; ok: boolean; detail: string }[];
}

/** Where an action's audit line goes (AuditLog writes JSON lines; tests collect them). */
export interface AuditSink {
  write(entry: AuditEntry): Promise<void>;
}
