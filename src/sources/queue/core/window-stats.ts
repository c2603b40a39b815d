import { percentile } from './percentile.js';
import type { WindowStats } from './queue-snapshot.js';

/** One job completed inside the statistics window. Durations in seconds; null when unknown. */
export interface WindowEntry {
  readonly success: boolean;
  readonly waitS: number | null;
  readonly runS: number | null;
}

/** Counts and percentiles of the completed jobs, before rates are put on them. */
export interface WindowSummary {
  readonly succeeded: number;
  readonly failed: number;
  readonly waitP50: number | null;
  readonly waitP95: number | null;
  readonly runP50: number | null;
  readonly runP95: number | null;
}

const ascending = (values: readonly (number | null)[]): number[] =>
  values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);

/** Pure: completed jobs → counts and p50/p95 of wait and run (PostgreSQL's percentile_cont). */
export function summarizeWindow(entries: readonly WindowEntry[]): WindowSummary {
  let succeeded = 0;
  for (const e of entries) if (e.success) succeeded += 1;
  const waits = ascending(entries.map((e) => e.waitS));
  const runs = ascending(entries.map((e) => e.runS));
  return {
    succeeded,
    failed: entries.length - succeeded,
    waitP50: percentile(waits, 0.5),
    waitP95: percentile(waits, 0.95),
    runP50: percentile(runs, 0.5),
    runP95: percentile(runs, 0.95),
  };
}

/** Pure: a summary over a window of `windowMs` → the published statistics with rates. */
export function windowStats(summary: WindowSummary, windowMs: number): WindowStats {
  const completed = summary.succeeded + summary.failed;
  return {
    windowSeconds: windowMs / 1000,
    succeeded: summary.succeeded,
    failed: summary.failed,
    throughputPerMin: completed / (windowMs / 60_000),
    successRate: completed === 0 ? null : summary.succeeded / completed,
    failureRate: completed === 0 ? null : summary.failed / completed,
    waitP50: summary.waitP50,
    waitP95: summary.waitP95,
    runP50: summary.runP50,
    runP95: summary.runP95,
  };
}
