import { ConfigError } from '../../../shared/errors.js';

const PART = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Quotes an identifier from config after validating it. Config validation already
 * rejects anything but letters, digits and `_`; this is the second lock on the door,
 * so no code path can build SQL from an unchecked name.
 */
export function sqlIdentifier(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2 || parts.some((part) => !PART.test(part))) {
    throw new ConfigError(
      `invalid SQL identifier ${JSON.stringify(name)}: use letters, digits and _ (optionally schema.table)`,
    );
  }
  return parts.map((part) => `"${part}"`).join('.');
}
