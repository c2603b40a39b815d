import { hasGlob } from './has-glob.js';
import { normalizeUnitName } from './normalize-unit-name.js';
import { unitGlobToRegExp } from './unit-glob-to-regexp.js';

/**
 * Pure: the units one `list()` shows, in configuration order, each once. A unit named
 * exactly is always there (not loaded or not found, `systemctl show` still says so);
 * a glob stands for the loaded services `list-units` printed that it matches, sorted.
 * Only services: `bench setup systemd`'s `frappe-bench-workers.target` groups the workers
 * and has no process of its own; name a non-service unit exactly to show it anyway.
 */
export function selectUnits(patterns: readonly string[], listed: readonly string[]): string[] {
  const services = [...new Set(listed)].filter((unit) => unit.endsWith('.service')).sort();
  const selected = new Set<string>();
  for (const pattern of patterns) {
    if (!hasGlob(pattern)) {
      selected.add(normalizeUnitName(pattern));
      continue;
    }
    const matcher = unitGlobToRegExp(pattern);
    for (const unit of services) if (matcher.test(unit)) selected.add(unit);
  }
  return [...selected];
}
