import { hasGlob } from './has-glob.js';
import { normalizeUnitName } from './normalize-unit-name.js';
import { unitGlobToRegExp } from './unit-glob-to-regexp.js';

/**
 * Pure: whether `unit` (an Id, `….service`) is one the configuration names: exactly, or
 * through a glob. Globs stand for services only, like in `list()`: a target a glob also
 * catches is not an instance and not something to restart.
 */
export function isConfiguredUnit(patterns: readonly string[], unit: string): boolean {
  return patterns.some((pattern) =>
    hasGlob(pattern)
      ? unit.endsWith('.service') && unitGlobToRegExp(pattern).test(unit)
      : normalizeUnitName(pattern) === unit,
  );
}
