import { formatAge } from '../../shared/format-age.js';

/** A duration in seconds for p50/p95 columns: `2.0s` below 10 s, else `1m35s`; null → `n/a`. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'n/a';
  return seconds < 10 ? `${seconds.toFixed(1)}s` : formatAge(seconds);
}
