/**
 * Durations in config and flags: `500ms`, `30s`, `10m`, `2h`, `7d`, or a bare number of
 * seconds. Returns milliseconds, or null when the text is not a duration.
 */
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string | number): number | null {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text * 1000 : null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  const unit = UNITS[match[2] ?? 's'] ?? 1000;
  const ms = value * unit;
  return Number.isFinite(ms) ? ms : null;
}
