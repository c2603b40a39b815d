import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$XDG_STATE_HOME/jobdeck` (default `~/.local/state/jobdeck`): audit log, demo data, history. */
export function stateDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return join(env.XDG_STATE_HOME ?? join(env.HOME ?? homedir(), '.local', 'state'), 'jobdeck');
}
