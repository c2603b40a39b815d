import type { SQLOutputValue } from 'node:sqlite';

/** A column value as a finite number, or null (NULL, text, non-finite: a gap). */
export function sqlNumber(value: SQLOutputValue | undefined): number | null {
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
