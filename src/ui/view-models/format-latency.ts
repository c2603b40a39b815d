/**
 * A check's latency for the readiness table: `<10 ms` below 10 ms (3 ms or 4 ms is
 * noise, and a figure that flips on every refresh costs a rewritten line over SSH), then
 * two significant digits: `12 ms`, `450 ms`, `1.2 s`. Enter shows the exact figure.
 */
export function formatLatency(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  if (ms < 10) return '<10 ms';
  if (ms < 1000) return `${Number(ms.toPrecision(2))} ms`;
  return `${Number((ms / 1000).toPrecision(2))} s`;
}
