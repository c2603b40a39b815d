import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import type { AppSnapshot } from '../../src/store/app-snapshot.js';
import { QueuePanel } from '../../src/ui/panels/QueuePanel.js';
import { ReadinessPanel } from '../../src/ui/panels/ReadinessPanel.js';
import { ServicesPanel } from '../../src/ui/panels/ServicesPanel.js';
import { TrendsPanel } from '../../src/ui/panels/TrendsPanel.js';
import { WorkersPanel } from '../../src/ui/panels/WorkersPanel.js';
import { dashboardModel } from '../../src/ui/view-models/dashboard-model.js';
import { trendModel } from '../../src/ui/view-models/trend-model.js';
import {
  appSnapshot,
  container,
  dockerSnapshot,
  NOW,
  queueSnapshot,
  series,
  service,
  stuckJob,
} from './helpers/build-snapshot.js';
import { plain } from './helpers/wait-for-frame.js';

const thresholds = thresholdsSchema.parse({});
const ui = {
  selected: { workers: null, services: null, queue: null, readiness: null, alerts: null },
  filters: { workers: '', services: '', queue: '', readiness: '', alerts: '' },
};
const model = (s: AppSnapshot) => dashboardModel(s, ui, NOW, thresholds);
const size = { width: 100, height: 12, focused: true };

afterEach(() => {
  cleanup();
});

const loading = appSnapshot({
  queue: { status: 'loading' },
  docker: { status: 'loading' },
  readiness: [],
  verdict: null,
});
const failedNoData = appSnapshot({
  queue: {
    status: 'failed',
    error: 'cannot connect to PostgreSQL at 127.0.0.1:5433',
    at: NOW,
    last: null,
  },
  docker: { status: 'failed', error: 'connect ENOENT /var/run/docker.sock', at: NOW, last: null },
});
const failedWithData = appSnapshot({
  queue: {
    status: 'failed',
    error: 'a query exceeded queue.statementTimeout',
    at: NOW,
    last: { data: queueSnapshot({ stuck: [stuckJob()] }), at: NOW - 150_000 },
  },
  docker: {
    status: 'failed',
    error: 'socket hang up',
    at: NOW,
    last: { data: dockerSnapshot(), at: NOW - 150_000 },
  },
});

describe('WorkersPanel', () => {
  it('ok: one row per worker container with its numbers and last log line', () => {
    const { lastFrame } = render(<WorkersPanel model={model(appSnapshot()).workers} {...size} />);
    const frame = plain(lastFrame());
    expect(frame).toContain('[ Workers ]');
    expect(frame).toMatch(
      /worker_wrapper-1\s+running\s+3h12m\s+0\s+Dequeued job 6f43af8e \(package\)\s+12%\s+312M/,
    );
    expect(frame).toMatch(/worker_wrapper-2\s+exited \(137\)\s+3\s+Killed: out of memory/);
  });

  it('loading', () => {
    const { lastFrame } = render(<WorkersPanel model={model(loading).workers} {...size} />);
    expect(plain(lastFrame())).toContain('loading…');
  });

  it('empty: no worker containers', () => {
    const s = appSnapshot({
      docker: {
        status: 'ok',
        data: dockerSnapshot({
          services: [service('app', [container({ service: 'app', role: 'service' })], 'service')],
        }),
        at: NOW,
      },
    });
    const { lastFrame } = render(<WorkersPanel model={model(s).workers} {...size} />);
    expect(plain(lastFrame())).toContain('no worker containers');
  });

  it('failed: the error, the age of the data, and the last rows', () => {
    const { lastFrame } = render(<WorkersPanel model={model(failedWithData).workers} {...size} />);
    const frame = plain(lastFrame());
    expect(frame).toContain('failed: socket hang up (data 2m30s old)');
    expect(frame).toContain('worker_wrapper-1');
    const none = plain(
      render(<WorkersPanel model={model(failedNoData).workers} {...size} />).lastFrame(),
    );
    expect(none).toContain('failed: connect ENOENT /var/run/docker.sock');
    expect(none).not.toContain('WORKER');
  });
});

describe('ServicesPanel', () => {
  it('ok: services with replicas and their containers', () => {
    const { lastFrame } = render(<ServicesPanel model={model(appSnapshot()).services} {...size} />);
    const frame = plain(lastFrame());
    expect(frame).toMatch(/worker_wrapper\s+degraded 2\/3\s+3/);
    expect(frame).toMatch(/worker_wrapper-2\s+exit 137/);
    expect(frame).toContain('workers 2/3');
  });

  it('loading, empty, off and failed', () => {
    expect(
      plain(render(<ServicesPanel model={model(loading).services} {...size} />).lastFrame()),
    ).toContain('loading…');
    const empty = appSnapshot({
      docker: { status: 'ok', data: dockerSnapshot({ services: [] }), at: NOW },
    });
    expect(
      plain(render(<ServicesPanel model={model(empty).services} {...size} />).lastFrame()),
    ).toContain('no compose services found');
    const off = appSnapshot({ docker: { status: 'off' } });
    expect(
      plain(render(<ServicesPanel model={model(off).services} {...size} />).lastFrame()),
    ).toContain('no Docker source or services: configured');
    expect(
      plain(render(<ServicesPanel model={model(failedWithData).services} {...size} />).lastFrame()),
    ).toContain('failed: socket hang up (data 2m30s old)');
  });
});

describe('QueuePanel', () => {
  it('ok: counts, window, durations, stuck jobs', () => {
    const s = appSnapshot({
      queue: { status: 'ok', data: queueSnapshot({ stuck: [stuckJob()] }), at: NOW },
    });
    const frame = plain(render(<QueuePanel model={model(s).queue} {...size} />).lastFrame());
    expect(frame).toContain(
      'waiting 4  running 2  stuck 1  blockers 0  oldest 12m (package, alice/survey)',
    );
    expect(frame).toContain('failed 87  finished 1,204  pending 3  queued 1  started 2');
    expect(frame).toContain('last 1h: 52 succeeded, 4 failed (7.1%)  0.93/min');
    expect(frame).toContain('wait p50 2.0s p95 14s  run p50 31s p95 2m3s');
    expect(frame).toMatch(/stuck\s+6f43af8e\s+queued package alice\/survey\s+queued 12m ago.*12m/);
  });

  it('ok without stuck jobs says so', () => {
    const frame = plain(
      render(<QueuePanel model={model(appSnapshot()).queue} {...size} />).lastFrame(),
    );
    expect(frame).toContain('no stuck jobs, no blockers');
  });

  it('loading, empty and failed', () => {
    expect(
      plain(render(<QueuePanel model={model(loading).queue} {...size} />).lastFrame()),
    ).toContain('loading…');
    const empty = appSnapshot({
      queue: {
        status: 'ok',
        data: queueSnapshot({ total: 0, counts: {}, waiting: 0, inFlight: 0 }),
        at: NOW,
      },
    });
    expect(
      plain(render(<QueuePanel model={model(empty).queue} {...size} />).lastFrame()),
    ).toContain('the job table is empty');
    const failed = plain(
      render(<QueuePanel model={model(failedWithData).queue} {...size} />).lastFrame(),
    );
    expect(failed).toContain('failed: a query exceeded queue.statementTimeout (data 2m30s old)');
    expect(failed).toContain('waiting 4');
    expect(failed).toContain('6f43af8e');
    expect(
      plain(render(<QueuePanel model={model(failedNoData).queue} {...size} />).lastFrame()),
    ).toContain('failed: cannot connect to PostgreSQL at 127.0.0.1:5433');
  });
});

describe('ReadinessPanel', () => {
  it('ok: each check with its latency and the verdict', () => {
    const frame = plain(
      render(<ReadinessPanel model={model(appSnapshot()).readiness} {...size} />).lastFrame(),
    );
    expect(frame).toMatch(/ok\s+database\s+answers\s+<10 ms/);
    expect(frame).toMatch(/WARN\s+queue\s+1 stuck.*<10 ms/);
    expect(frame).toContain('OVERALL DEGRADED');
  });

  it('loading and empty', () => {
    expect(
      plain(render(<ReadinessPanel model={model(loading).readiness} {...size} />).lastFrame()),
    ).toContain('loading…');
    const empty = appSnapshot({ readiness: [], verdict: null, queue: { status: 'off' } });
    expect(
      plain(render(<ReadinessPanel model={model(empty).readiness} {...size} />).lastFrame()),
    ).toContain('nothing configured to check');
  });
});

describe('TrendsPanel', () => {
  const trends = (s: AppSnapshot, width: number, height: number) =>
    trendModel(s.history, {
      intervalMs: 2000,
      width: width - 2,
      height: height - 2,
      ascii: false,
      docker: false,
    });

  it('charts with the latest value; gaps are not drawn as 0', () => {
    const s = appSnapshot({
      history: {
        ...appSnapshot().history,
        queueDepth: series([
          ...Array<number>(30).fill(6),
          ...Array<null>(30).fill(null),
          ...Array<number>(30).fill(6),
        ]),
      },
    });
    const model = trends(s, 100, 14);
    const frame = plain(render(<TrendsPanel model={model} width={100} height={14} />).lastFrame());
    expect(frame).toContain('queue depth 6 jobs');
    expect(frame).toContain('throughput 0.9 jobs/min');
    if (model.kind !== 'charts') throw new Error('expected charts');
    const depth = model.rows[0]?.[0];
    expect(depth?.title).toBe('queue depth');
    // The zero row carries only its axis: the minute without samples is blank, not 0.
    expect(depth?.lines.at(-1)).toMatch(/^\s*0 ┤$/);
    expect(depth?.lines.some((l) => /─ +─/.test(l))).toBe(true);
  });

  it('sparklines when there is little room, and empty before the first sample', () => {
    const compact = plain(
      render(
        <TrendsPanel model={trends(appSnapshot(), 80, 4)} width={80} height={4} />,
      ).lastFrame(),
    );
    expect(compact).toMatch(/depth\s+\S*[▁▂▃▄▅▆▇█]/);
    const none = appSnapshot({
      history: {
        ...appSnapshot().history,
        queueDepth: series([]),
        throughput: series([]),
        failureRate: series([]),
      },
    });
    expect(
      plain(render(<TrendsPanel model={trends(none, 80, 6)} width={80} height={6} />).lastFrame()),
    ).toContain('no samples yet');
  });
});
