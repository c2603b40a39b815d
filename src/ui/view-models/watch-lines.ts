import { formatAge } from '../../shared/format-age.js';
import type { AppSnapshot } from '../../store/app-snapshot.js';
import { latestData } from '../../store/source-state.js';
import { bucketSeries, chooseBucketMs } from './bucket-series.js';
import { formatCompact } from './format-compact.js';
import { formatNumber } from './format-number.js';
import { formatPercent } from './format-percent.js';
import { formatSeconds } from './format-seconds.js';
import type { Segment } from './segment.js';
import { sourceAge } from './source-age.js';
import { verdictLevel } from './verdict-level.js';
import { sparkline } from './sparkline.js';
import { compareText } from '../../shared/compare-text.js';

/** The store keeps 300 samples per series (HISTORY_CAPACITY in store/fold-snapshot.ts). */
const HISTORY_SAMPLES = 300;

/**
 * `jobdeck watch`: at most 7 lines for a tmux pane — verdict, queue, counts, the window,
 * workers, a queue-depth sparkline and the data ages. Pure; `width` bounds the sparkline.
 */
export function watchLines(
  s: AppSnapshot,
  now: number,
  width: number,
  ascii: boolean,
): Segment[][] {
  const lines: Segment[][] = [];
  const sep: Segment = { text: ' · ', dim: true };
  lines.push([
    { text: 'jobdeck ', bold: true },
    { text: `${s.target} ` },
    s.verdict === null
      ? { text: 'checking…', dim: true }
      : { text: s.verdict, bold: true, level: verdictLevel(s.verdict) },
    ...(s.readOnly
      ? [{ text: ' ' }, { text: ' READ-ONLY ', inverse: true, level: 'warn' as const }]
      : []),
    ...(s.paused ? [{ text: ' ' }, { text: ' PAUSED ', inverse: true }] : []),
  ]);
  const latest = latestData(s.queue);
  const q = latest?.data ?? null;
  if (s.queue.status === 'failed') {
    lines.push([{ text: `queue failed: ${s.queue.error}`, level: 'fail' }]);
  }
  if (q !== null) {
    const w = q.window;
    lines.push([
      { text: 'queue   ', dim: true },
      { text: `waiting ${formatNumber(q.waiting)}`, level: q.waiting > 10 ? 'warn' : 'none' },
      { text: `  running ${formatNumber(q.inFlight)}  ` },
      { text: `stuck ${q.stuck.length}`, level: q.stuck.length > 0 ? 'warn' : 'none' },
      {
        text:
          q.oldestWaiting === null
            ? '  nothing waiting'
            : `  oldest ${formatAge(q.oldestWaiting.ageSeconds)} (${q.oldestWaiting.type ?? 'job'})`,
      },
    ]);
    lines.push([
      { text: 'counts  ', dim: true },
      {
        text: Object.entries(q.counts)
          .sort(([a], [b]) => compareText(a, b))
          .map(([status, n]) => `${status} ${formatNumber(n)}`)
          .join('  '),
      },
    ]);
    lines.push([
      { text: formatAge(w.windowSeconds).padEnd(8), dim: true },
      { text: `${formatNumber(w.throughputPerMin, 2)}/min  ${formatNumber(w.failed)} failed ` },
      {
        text: `(${formatPercent(w.failureRate)})`,
        level: (w.failureRate ?? 0) > 0.3 ? 'fail' : 'none',
      },
      { text: `  wait p95 ${formatSeconds(w.waitP95)}  run p95 ${formatSeconds(w.runP95)}` },
    ]);
  } else if (s.queue.status !== 'failed') {
    lines.push([
      { text: s.queue.status === 'off' ? 'queue   not configured' : 'queue   loading…', dim: true },
    ]);
  }
  const docker = latestData(s.docker)?.data ?? null;
  const beats = q?.workers ?? null;
  const workerText =
    docker !== null
      ? `${docker.workers.running}/${docker.workers.total} worker containers up`
      : beats !== null
        ? `${beats.filter((b) => b.state === 'active').length}/${beats.length} workers with a live heartbeat`
        : 'no Docker source; this queue keeps no heartbeats';
  const workersDown = docker !== null && docker.workers.running < docker.workers.total;
  lines.push([
    { text: 'workers ', dim: true },
    { text: workerText, level: workersDown ? 'warn' : 'none' },
  ]);
  const depth = s.history.queueDepth;
  const columns = Math.max(8, Math.min(60, width - 20));
  const bucket = chooseBucketMs(s.intervalMs, HISTORY_SAMPLES * s.intervalMs, columns);
  const last = [...depth.values].reverse().find((v) => v !== null) ?? null;
  lines.push([
    { text: 'depth   ', dim: true },
    { text: sparkline(bucketSeries(depth, bucket, columns), ascii) },
    { text: ` ${formatCompact(last)} (${formatAge(bucket / 1000)}/col)`, dim: true },
  ]);
  const fresh = s.intervalMs * 2 + 1000;
  lines.push([
    sourceAge('queue', s.queue, now, fresh),
    sep,
    sourceAge(s.servicesProvider ?? 'docker', s.docker, now, fresh),
    sep,
    { text: `every ${formatAge(s.intervalMs / 1000)}`, dim: true },
  ]);
  return lines;
}
