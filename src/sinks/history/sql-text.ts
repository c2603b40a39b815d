import type { SQLOutputValue } from 'node:sqlite';

/** A column value as text, or null. */
export function sqlText(value: SQLOutputValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}
