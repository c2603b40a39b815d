/**
 * Store changes render at most this often: the refresh interval, within 1–2 s. The
 * Docker collector publishes every stats sample of every container; a frame per sample
 * would cost a full render per session each time (`jobdeck serve` runs one per viewer).
 */
export function frameMs(intervalMs: number): number {
  return Math.min(2000, Math.max(1000, intervalMs));
}
