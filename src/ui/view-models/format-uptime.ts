import { formatAge } from '../../shared/format-age.js';

/**
 * Coarse age for columns that would otherwise change on every refresh: seconds only
 * below a minute, minutes below a day (`3h12m`), then days and hours. A steady screen
 * writes fewer bytes over SSH (issue 4, "Rendering over SSH").
 */
export function formatUptime(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  const s = Math.max(0, seconds);
  if (s < 60) return formatAge(s);
  return formatAge(Math.floor(s / 60) * 60);
}
