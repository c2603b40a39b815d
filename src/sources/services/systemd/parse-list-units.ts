/**
 * Pure: the unit names of `systemctl list-units --plain --no-legend` output, one per line
 * (`UNIT LOAD ACTIVE SUB DESCRIPTION…`). Without `--plain` (or on an older systemd) a
 * failed or not-found unit is prefixed with `●`/`*`; that marker is skipped either way.
 */
export function parseListUnits(stdout: string): string[] {
  const units: string[] = [];
  for (const line of stdout.split('\n')) {
    const words = line.trim().split(/\s+/);
    const first = words[0] === '●' || words[0] === '*' ? words[1] : words[0];
    if (first !== undefined && first !== '') units.push(first);
  }
  return units;
}
