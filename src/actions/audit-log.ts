import { appendFile, mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { redactSecrets } from '../shared/redact.js';
import { stateDir } from '../shared/state-dir.js';
import type { Actor } from './action.js';
import type { AuditEntry, AuditSink } from './audit-sink.js';

export type { AuditEntry } from './audit-sink.js';

/** `$XDG_STATE_HOME/jobdeck/audit.jsonl` (default `~/.local/state/jobdeck/audit.jsonl`). */
export function defaultAuditPath(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return join(stateDir(env), 'audit.jsonl');
}

/** The acting user and, over SSH, the client address (first field of `SSH_CLIENT`). */
export function currentActor(
  via: Actor['via'],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Actor {
  let user = env.USER ?? env.LOGNAME;
  if (user === undefined) {
    try {
      user = userInfo().username;
    } catch {
      user = 'unknown';
    }
  }
  const ssh = env.SSH_CLIENT?.split(' ')[0];
  return { user, from: ssh === undefined || ssh === '' ? null : ssh, via };
}

/**
 * The audit trail: one JSON line per action run (who, from where, what, result).
 * Appends are single writes of one line, so concurrent jobdeck processes interleave
 * whole lines. Secrets are redacted before writing.
 */
export class AuditLog implements AuditSink {
  constructor(readonly path: string = defaultAuditPath()) {}

  async write(entry: AuditEntry): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${redactSecrets(JSON.stringify(entry))}\n`, {
      encoding: 'utf8',
      mode: 0o600,
    });
  }
}
