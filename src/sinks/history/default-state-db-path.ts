import { join } from 'node:path';
import { stateDir } from '../../shared/state-dir.js';

/** `$XDG_STATE_HOME/jobdeck/state.db`: alert state and metric history, one file. */
export function defaultStateDbPath(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return join(stateDir(env), 'state.db');
}
