/** Memory in MiB: `312M`, `1.4G` (GiB from 1,024 MiB); null → empty. */
export function formatMiB(mib: number | null): string {
  if (mib === null || !Number.isFinite(mib)) return '';
  if (mib >= 1024) return `${(mib / 1024).toFixed(1)}G`;
  return `${Math.round(mib)}M`;
}
