import { join } from 'node:path';
import type { ResolvedConfig } from '../../config/load-config.js';
import { stateDir } from '../../shared/state-dir.js';
import { defaultStateDbPath } from './default-state-db-path.js';

/**
 * The monitor's state (alert episodes, silences, history) of one target. A config with
 * several targets keeps one file per target, `state-<target>.db`, so that one monitor per
 * target (`jobdeck monitor --target vps2`) neither resolves nor overwrites another's
 * alerts, and the fleet overview shows each target's own. A single-target setup keeps
 * `state.db`, as before.
 */
export function stateDbPathFor(
  config: Pick<ResolvedConfig, 'target' | 'targets'>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return config.targets.length > 1
    ? join(stateDir(env), `state-${config.target}.db`)
    : defaultStateDbPath(env);
}
