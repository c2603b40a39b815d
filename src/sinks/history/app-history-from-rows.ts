import type { AppHistory } from '../../store/app-snapshot.js';
import type { Series } from '../../store/series.js';
import type { HistoryRow } from './history-row.js';

/**
 * Saved history → the store's series, so the dashboard's sparklines are full at start.
 * Units as the store's own series (failure rate in %). Where rows are further apart than
 * 1.5 × their resolution (the monitor was down), a null sample marks the gap, so a chart
 * does not draw a line across hours nobody measured. `capacity` keeps the newest samples.
 */
export function appHistoryFromRows(rows: readonly HistoryRow[], capacity = Infinity): AppHistory {
  const times: number[] = [];
  const picked: (HistoryRow | null)[] = [];
  let previous: HistoryRow | null = null;
  for (const row of rows) {
    if (previous !== null) {
      const step = Math.max(previous.resolutionMs, row.resolutionMs);
      if (step > 0 && row.at - previous.at > 1.5 * step) {
        times.push(previous.at + previous.resolutionMs);
        picked.push(null);
      }
    }
    times.push(row.at);
    picked.push(row);
    previous = row;
  }
  const drop = Math.max(0, picked.length - capacity);
  const t = times.slice(drop);
  const p = picked.slice(drop);
  const series = (name: string, unit: string, value: (r: HistoryRow) => number | null): Series => ({
    name,
    unit,
    times: t,
    values: p.map((r) => (r === null ? null : value(r))),
  });
  return {
    queueDepth: series('queue depth', 'jobs', (r) => r.queueDepth),
    throughput: series('throughput', 'jobs/min', (r) => r.throughputPerMin),
    failureRate: series('failure rate', '%', (r) =>
      r.failureRate === null ? null : r.failureRate * 100,
    ),
    workerCpu: series('worker CPU', '% of one core', (r) => r.workerCpu),
    workerMemory: series('worker memory', 'MiB', (r) => r.workerMemMb),
  };
}
