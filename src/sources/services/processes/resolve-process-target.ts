import { resolve } from 'node:path';
import type { ProcessGroupConfig } from '../../../config/services-config-schema.js';
import { globToRegExp } from './glob-to-regexp.js';

export type ProcessTarget =
  | { readonly via: 'pidFile'; readonly group: ProcessGroupConfig; readonly path: string }
  | { readonly via: 'match'; readonly group: ProcessGroupConfig; readonly pid: number };

/**
 * Pure: which group an instance id belongs to, without listing: `<group>:<pid>` for a
 * `match` group, else a path one of the `pidFiles` globs matches. Null when neither.
 */
export function resolveProcessTarget(
  groups: readonly ProcessGroupConfig[],
  id: string,
): ProcessTarget | null {
  const byPid = /^(.*):(\d+)$/.exec(id);
  if (byPid?.[1] !== undefined && byPid[2] !== undefined) {
    const name = byPid[1];
    const group = groups.find((g) => g.name === name && g.match !== undefined);
    if (group !== undefined) return { via: 'match', group, pid: Number(byPid[2]) };
  }
  for (const group of groups) {
    if (group.pidFiles === undefined) continue;
    if (globToRegExp(resolve(group.pidFiles)).test(id)) return { via: 'pidFile', group, path: id };
  }
  return null;
}
