/**
 * Pure: the command line of a unit's ExecStart as `systemctl show` prints it,
 * `{ path=/usr/local/bin/bench ; argv[]=/usr/local/bin/bench worker --queue short ; … }`
 * → `/usr/local/bin/bench worker --queue short`. Several commands: the first. A value in
 * another shape is returned as it is, and an empty one is null.
 */
export function extractArgv(execStart: string | null): string | null {
  if (execStart === null || execStart.trim() === '') return null;
  const match = /argv\[\]=(.*?)(?: ; |\s*\}|$)/.exec(execStart);
  const argv = match?.[1]?.trim();
  if (argv === undefined) return execStart.trim();
  return argv === '' ? null : argv;
}
