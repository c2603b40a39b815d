/** The unit types systemd knows; a name ending in none of them is a service. */
const SUFFIX = /\.(service|socket|target|device|mount|automount|swap|timer|path|slice|scope)$/;

/** Pure: a unit name as systemd's Id spells it (`frappe-bench-frappe-web` → `….service`). */
export function normalizeUnitName(name: string): string {
  return SUFFIX.test(name) ? name : `${name}.service`;
}
