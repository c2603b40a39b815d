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

/** Finite values in ascending order (a typed-array sort: numeric, several times faster). */
const ascending = (values: readonly number[]): number[] =>
  Array.from(Float64Array.from(values).sort());

const finite = (v: number | null): v is number => v !== null && Number.isFinite(v);

/** Pure: completed jobs → counts and p50/p95 of wait and run (PostgreSQL's percentile_cont). */
export function summarizeWindow(entries: Iterable<WindowEntry>): WindowSummary {
  let succeeded = 0;
  let completed = 0;
  const waits: number[] = [];
  const runs: number[] = [];
  for (const e of entries) {
    completed += 1;
    if (e.success) succeeded += 1;
    if (finite(e.waitS)) waits.push(e.waitS);
    if (finite(e.runS)) runs.push(e.runS);
  }
  const w = ascending(waits);
  const r = ascending(runs);
  return {
    succeeded,
    failed: completed - succeeded,
    waitP50: percentile(w, 0.5),
    waitP95: percentile(w, 0.95),
    runP50: percentile(r, 0.5),
    runP95: percentile(r, 0.95),
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
