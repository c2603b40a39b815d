/** Everything `list()` reads about a unit, in one `systemctl show`. */
const LIST_PROPERTIES = [
  'Id',
  'Description',
  'LoadState',
  'ActiveState',
  'SubState',
  'MainPID',
  'ExecMainStartTimestampMonotonic',
  'ExecMainStartTimestamp',
  'ActiveEnterTimestamp',
  'InactiveEnterTimestamp',
  'ExecMainStatus',
  'ExecMainCode',
  'NRestarts',
  'Result',
  'ControlGroup',
  'MemoryCurrent',
  'CPUUsageNSec',
  'TasksCurrent',
  'FragmentPath',
  'ExecStart',
] as const;

/** What a restart polls for: is it active/running, and with which main pid. */
const POLL_PROPERTIES = ['Id', 'LoadState', 'ActiveState', 'SubState', 'MainPID', 'Result'];

const scope = (user: boolean): string[] => (user ? ['--user'] : []);

/**
 * Pure: the argument lists of every call the provider makes, in one place so the
 * confirmation dialog, the tests and the calls cannot drift apart.
 */
export const systemctlArgs = {
  /** Loaded units matching the globs, whatever their state (`--all`), one per line. */
  listUnits: (user: boolean, globs: readonly string[]): string[] => [
    ...scope(user),
    'list-units',
    '--all',
    '--plain',
    '--no-legend',
    '--no-pager',
    ...globs,
  ],
  /** One block of `Key=Value` lines per unit, blocks separated by a blank line. */
  show: (user: boolean, units: readonly string[]): string[] => [
    ...scope(user),
    'show',
    '--no-pager',
    `--property=${LIST_PROPERTIES.join(',')}`,
    ...units,
  ],
  poll: (user: boolean, unit: string): string[] => [
    ...scope(user),
    'show',
    '--no-pager',
    `--property=${POLL_PROPERTIES.join(',')}`,
    unit,
  ],
  restart: (user: boolean, unit: string): string[] => [...scope(user), 'restart', unit],
  /** The unit's last journal line, message only (`-o cat`). */
  journal: (user: boolean, unit: string): string[] => [
    ...scope(user),
    '-u',
    unit,
    '-n',
    '1',
    '-o',
    'cat',
    '--no-pager',
  ],
};
