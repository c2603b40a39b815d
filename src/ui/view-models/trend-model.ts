import type { AppHistory } from '../../store/app-snapshot.js';
import type { Series } from '../../store/series.js';
import { formatAge } from '../../shared/format-age.js';
import { bucketSeries, chooseBucketMs } from './bucket-series.js';
import { formatCompact } from './format-compact.js';
import { sparkline } from './sparkline.js';
import { trendChart } from './trend-chart.js';

/** The store keeps 300 samples per series (HISTORY_CAPACITY in store/fold-snapshot.ts). */
const HISTORY_SAMPLES = 300;
const CHART_MIN_WIDTH = 30;
const CHART_MIN_HEIGHT = 6;

interface TrendSpec {
  readonly series: Series;
  readonly title: string;
  readonly short: string;
}

export interface TrendChart {
  readonly title: string;
  /** Why there are no lines: no sample at all yet, or the first step still filling. */
  readonly note: string | null;
  /** Latest value with its unit, or `no data`. */
  readonly latest: string;
  readonly lines: readonly string[];
  readonly width: number;
  readonly height: number;
}

export type TrendModel =
  | { readonly kind: 'empty'; readonly message: string }
  | { readonly kind: 'sparklines'; readonly lines: readonly string[]; readonly step: string }
  | {
      readonly kind: 'charts';
      readonly rows: readonly (readonly TrendChart[])[];
      readonly step: string;
    };

function specs(history: AppHistory, docker: boolean): TrendSpec[] {
  const all: TrendSpec[] = [
    { series: history.queueDepth, title: 'queue depth', short: 'depth' },
    { series: history.throughput, title: 'throughput', short: 'done/min' },
    { series: history.failureRate, title: 'failure rate', short: 'fail%' },
  ];
  if (docker) {
    all.push(
      { series: history.workerCpu, title: 'worker CPU', short: 'cpu%' },
      { series: history.workerMemory, title: 'worker memory', short: 'mem' },
    );
  }
  return all;
}

function lastKnown(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

/**
 * The Trends panel in `width` × `height` (inside the border): one-line sparklines when
 * there is little room, asciichart charts otherwise, as many as fit. Columns stand for
 * fixed, round time steps (see chooseBucketMs) and only completed steps are drawn, so a
 * chart moves once per step; the title carries the latest sample. A missing sample is a
 * gap, never 0.
 * Worker CPU and memory are shown only while a Docker source is configured.
 */
export function trendModel(
  history: AppHistory,
  options: {
    readonly intervalMs: number;
    readonly width: number;
    readonly height: number;
    readonly ascii: boolean;
    readonly docker: boolean;
  },
): TrendModel {
  const list = specs(history, options.docker);
  if (list.every((s) => s.series.values.length === 0)) {
    return { kind: 'empty', message: 'no samples yet' };
  }
  const span = HISTORY_SAMPLES * options.intervalMs;
  if (options.height < CHART_MIN_HEIGHT || options.width < CHART_MIN_WIDTH) {
    const lines = Math.max(1, options.height);
    const perLine = Math.ceil(list.length / lines);
    const cellWidth = Math.floor((options.width - 2 * (perLine - 1)) / perLine);
    const out: string[] = [];
    let step = '';
    for (let l = 0; l < lines; l++) {
      const cells = list.slice(l * perLine, (l + 1) * perLine).map((spec) => {
        const latest = formatCompact(lastKnown(spec.series.values)).padStart(4);
        const count = Math.max(4, cellWidth - spec.short.length - latest.length - 2);
        const bucket = chooseBucketMs(options.intervalMs, span, count);
        step = formatAge(bucket / 1000);
        const spark = sparkline(bucketSeries(spec.series, bucket, count, true), options.ascii);
        return `${spec.short} ${spark} ${latest}`.padEnd(cellWidth);
      });
      if (cells.length > 0) out.push(cells.join('  ').trimEnd());
    }
    return { kind: 'sparklines', lines: out, step };
  }
  const perRow = Math.max(1, Math.min(list.length, Math.floor(options.width / CHART_MIN_WIDTH)));
  const chartRows = Math.max(
    1,
    Math.min(Math.ceil(list.length / perRow), Math.floor(options.height / CHART_MIN_HEIGHT)),
  );
  const shown = list.slice(0, perRow * chartRows);
  const width = Math.floor((options.width - 2 * (perRow - 1)) / perRow);
  const height = Math.floor(options.height / chartRows);
  // Axis labels are at most 5 characters (formatCompact), plus a space and the axis.
  const count = Math.max(2, width - 7);
  const bucket = chooseBucketMs(options.intervalMs, span, count);
  const rows: TrendChart[][] = [];
  for (let r = 0; r < chartRows; r++) {
    rows.push(
      shown.slice(r * perRow, (r + 1) * perRow).map((spec) => {
        const values = bucketSeries(spec.series, bucket, count, true);
        const latest = lastKnown(spec.series.values);
        const lines = trendChart(values, { height: height - 1, ascii: options.ascii });
        const step = formatAge(bucket / 1000);
        return {
          title: spec.title,
          note:
            lines.length > 0
              ? null
              : latest === null
                ? 'no samples yet'
                : `the first ${step} step is still filling`,
          latest: latest === null ? 'no data' : `${formatCompact(latest)} ${spec.series.unit}`,
          lines,
          width,
          height,
        };
      }),
    );
  }
  return { kind: 'charts', rows, step: formatAge(bucket / 1000) };
}
