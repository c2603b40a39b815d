import { describe, expect, it } from 'vitest';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import { dashboardModel } from '../../src/ui/view-models/dashboard-model.js';
import { queueModel } from '../../src/ui/view-models/queue-model.js';
import { readinessRows } from '../../src/ui/view-models/readiness-rows.js';
import { serviceRows } from '../../src/ui/view-models/service-rows.js';
import { statusSegments } from '../../src/ui/view-models/status-segments.js';
import type { TableRow } from '../../src/ui/view-models/table-row.js';
import { watchLines } from '../../src/ui/view-models/watch-lines.js';
import { workerRows } from '../../src/ui/view-models/worker-rows.js';
import {
  appSnapshot,
  container,
  dockerSnapshot,
  dockerWithWorkers,
  NOW,
  queueSnapshot,
  resources,
  stuckJob,
} from './helpers/build-snapshot.js';

const thresholds = thresholdsSchema.parse({});
const text = (row: TableRow | undefined, key: string): string => row?.cells[key]?.text ?? '';
const noSelection = {
  selected: { workers: null, services: null, queue: null, readiness: null, alerts: null },
  filters: { workers: '', services: '', queue: '', readiness: '', alerts: '' },
};

describe('workerRows', () => {
  it('lists worker containers with CPU, memory, uptime, restarts and the last log line', () => {
    const { rows, columns } = workerRows({
      docker: dockerSnapshot(),
      queue: queueSnapshot(),
      now: NOW,
      thresholds,
    });
    expect(rows.map((r) => text(r, 'name'))).toEqual([
      'worker_wrapper-1',
      'worker_wrapper-2',
      'worker_wrapper-3',
    ]);
    const [first, second] = rows;
    expect(text(first, 'cpu')).toBe('12%');
    expect(text(first, 'mem')).toBe('312M');
    expect(text(first, 'up')).toBe('3h12m');
    expect(text(first, 'log')).toBe('Dequeued job 6f43af8e (package)');
    expect(text(second, 'state')).toBe('exited (137)');
    expect(second?.cells.state?.level).toBe('fail');
    expect(text(second, 'rst')).toBe('3');
    expect(second?.cells.log?.level).toBe('fail');
    // QFieldCloud keeps no heartbeats: no BEAT column.
    expect(columns.map((c) => c.key)).not.toContain('beat');
  });

  it('joins heartbeats and running jobs by worker name; unmatched heartbeats get their own row', () => {
    const c1 = container({ number: 1 });
    const queue = queueSnapshot({
      workers: [
        {
          id: c1.id.slice(0, 12),
          lastHeartbeatAt: NOW - 5000,
          ageSeconds: 5,
          state: 'active',
          runningJobs: 1,
        },
        {
          id: 'runner-7',
          lastHeartbeatAt: NOW - 300_000,
          ageSeconds: 300,
          state: 'stale',
          runningJobs: 0,
        },
      ],
      running: [
        {
          id: 'job-1234567890',
          type: 'process',
          status: 'running',
          group: null,
          groupLabel: null,
          worker: c1.id.slice(0, 12),
          createdAt: NOW - 60_000,
          startedAt: NOW - 50_000,
          ageSeconds: 50,
        },
      ],
    });
    const docker = dockerWithWorkers([c1]);
    const { rows, columns } = workerRows({ docker, queue, now: NOW, thresholds });
    expect(columns.map((c) => c.key)).toContain('beat');
    expect(text(rows[0], 'beat')).toBe('5s');
    expect(text(rows[0], 'job')).toBe('process job-1234');
    expect(rows[1]?.id).toBe('hb:runner-7');
    expect(rows[1]?.cells.state?.level).toBe('warn');
  });

  it('without Docker and heartbeats the running jobs stand in for the workers', () => {
    const queue = queueSnapshot({
      running: [
        {
          id: 'df95751d-ced8-4736',
          type: 'package',
          status: 'started',
          group: 'p1',
          groupLabel: 'alice/survey',
          worker: null,
          createdAt: NOW - 60_000,
          startedAt: NOW - 30_000,
          ageSeconds: 30,
        },
      ],
    });
    const { rows } = workerRows({ docker: null, queue, now: NOW, thresholds });
    expect(
      rows.map((r) => [text(r, 'job'), text(r, 'type'), text(r, 'group'), text(r, 'age')]),
    ).toEqual([['df95751d', 'package', 'alice/survey', '30s']]);
  });

  it('flags memory above the threshold', () => {
    const big = container({ resources: resources({ memoryMiB: 900 }) });
    const docker = dockerWithWorkers([big]);
    const { rows } = workerRows({ docker, queue: null, now: NOW, thresholds });
    expect(rows[0]?.cells.mem?.level).toBe('warn');
  });
});

describe('serviceRows', () => {
  it('lists each service with replicas up, then its containers', () => {
    const { rows } = serviceRows(dockerSnapshot(), NOW);
    expect(rows.map((r) => [text(r, 'name').trim(), text(r, 'state')])).toEqual([
      ['app', 'up 1/1'],
      ['app-1', 'running'],
      ['worker_wrapper', 'degraded 2/3'],
      ['worker_wrapper-1', 'running'],
      ['worker_wrapper-2', 'exit 137'],
      ['worker_wrapper-3', 'running'],
    ]);
    expect(rows[2]?.cells.state?.level).toBe('warn');
    expect(text(rows[2], 'rst')).toBe('3');
    expect(text(rows[0], 'health')).toBe('healthy');
  });
});

describe('queueModel', () => {
  it('summarises counts, the window and durations, and lists stuck jobs and blockers', () => {
    const q = queueSnapshot({
      stuck: [stuckJob()],
      blockers: [
        {
          kind: 'queued-no-start',
          group: 'p1',
          jobId: '6f43af8e-1111-2222-3333-444455556666',
          waiting: 1,
          ageSeconds: 720,
          detail: 'job 6f43af8e queued 12m ago with no start time',
        },
      ],
    });
    const model = queueModel(q, thresholds);
    const lines = model.lines.map((segments) => segments.map((s) => s.text).join(''));
    expect(lines[0]).toBe(
      'waiting 4  running 2  stuck 1  blockers 1  oldest 12m (package, alice/survey)',
    );
    expect(lines[1]).toBe('failed 87  finished 1,204  pending 3  queued 1  started 2');
    expect(lines[2]).toBe('last 1h: 52 succeeded, 4 failed (7.1%)  0.93/min');
    expect(lines[3]).toBe('wait p50 2.0s p95 14s  run p50 31s p95 2m3s');
    expect(model.rows.map((r) => [text(r, 'kind'), text(r, 'id'), text(r, 'age')])).toEqual([
      ['stuck', '6f43af8e', '12m'],
      ['blocks', '6f43af8e', '12m'],
    ]);
  });

  it('colours the queue depth and a failure rate above the threshold', () => {
    const q = queueSnapshot({
      waiting: 25,
      window: { ...queueSnapshot().window, failureRate: 0.5 },
    });
    const segments = queueModel(q, thresholds).lines.flat();
    expect(segments.find((s) => s.text === '25')?.level).toBe('warn');
    expect(segments.find((s) => s.text === '50%')?.level).toBe('fail');
  });
});

describe('readinessRows and the status line', () => {
  it('marks each check and says critical failures', () => {
    const { rows } = readinessRows([
      { name: 'api', level: 'fail', critical: true, detail: 'GET / → 502', latencyMs: 12.4 },
      { name: 'worker', level: 'unknown', critical: false, detail: 'idle', latencyMs: null },
    ]);
    expect(
      rows.map((r) => [text(r, 'mark'), text(r, 'name'), text(r, 'latency'), text(r, 'detail')]),
    ).toEqual([
      ['FAIL', 'api', '12 ms', 'GET / → 502 (critical)'],
      ['--', 'worker', '', 'idle'],
    ]);
  });

  it('status line: target, verdict, badges first, data ages, interval', () => {
    const s = appSnapshot({ readOnly: true, paused: true });
    const line = statusSegments(s, NOW + 500)
      .map((x) => x.text)
      .join('');
    expect(line).toBe(
      'jobdeck default DEGRADED  READ-ONLY   PAUSED  · queue live · docker live · probes off · every 2s',
    );
    const stale = statusSegments(appSnapshot(), NOW + 95_000)
      .map((x) => x.text)
      .join('');
    expect(stale).toContain('queue 1m35s old');
    const failed = appSnapshot({
      queue: {
        status: 'failed',
        error: 'connection refused',
        at: NOW,
        last: { data: queueSnapshot(), at: NOW - 120_000 },
      },
    });
    expect(
      statusSegments(failed, NOW)
        .map((x) => x.text)
        .join(''),
    ).toContain('queue failed, data 2m old');
  });
});

describe('dashboardModel', () => {
  it('gives each panel its state: ok, loading, off, failed with the age of its data', () => {
    const ok = dashboardModel(appSnapshot(), noSelection, NOW, thresholds);
    expect(ok.workers.status.kind).toBe('ok');
    expect(ok.workers.selectedId).toBe(ok.workers.rows[0]?.id);

    const loading = dashboardModel(
      appSnapshot({
        queue: { status: 'loading' },
        docker: { status: 'loading' },
        readiness: [],
        verdict: null,
      }),
      noSelection,
      NOW,
      thresholds,
    );
    expect(loading.queue.status.kind).toBe('loading');
    expect(loading.services.status.kind).toBe('loading');
    expect(loading.readiness.status.kind).toBe('loading');

    const failed = dashboardModel(
      appSnapshot({
        docker: {
          status: 'failed',
          error: 'socket hang up',
          at: NOW,
          last: { data: dockerSnapshot(), at: NOW - 65_000 },
        },
      }),
      noSelection,
      NOW,
      thresholds,
    );
    expect(failed.services.status).toEqual({
      kind: 'failed',
      error: 'socket hang up',
      dataAge: 'data 1m5s old',
    });
    expect(failed.services.rows.length).toBeGreaterThan(0);
  });

  it('keeps the selection by id when rows move', () => {
    const snapshot = appSnapshot();
    const id = `ctr:${container({ number: 3 }).id}`;
    const ui = { ...noSelection, selected: { ...noSelection.selected, workers: id } };
    expect(dashboardModel(snapshot, ui, NOW, thresholds).workers.selectedId).toBe(id);
    const docker = dockerSnapshot();
    const reversed = {
      ...docker,
      services: docker.services.map((s) => ({ ...s, containers: [...s.containers].reverse() })),
    };
    const moved = dashboardModel(
      appSnapshot({ docker: { status: 'ok', data: reversed, at: NOW } }),
      ui,
      NOW,
      thresholds,
    );
    expect(moved.workers.selectedId).toBe(id);
    expect(moved.workers.rows[0]?.id).toBe(id);
  });
});

describe('watchLines', () => {
  it('fits in at most 8 lines with verdict, queue, workers and a sparkline', () => {
    const lines = watchLines(appSnapshot(), NOW, 100, false).map((l) =>
      l.map((s) => s.text).join(''),
    );
    expect(lines.length).toBeLessThanOrEqual(8);
    expect(lines[0]).toContain('DEGRADED');
    expect(lines.join('\n')).toContain('waiting 4  running 2  stuck 0  oldest 12m (package)');
    expect(lines.join('\n')).toContain('2/3 worker containers up');
    expect(lines.find((l) => l.startsWith('depth'))).toMatch(/[▁▂▃▄▅▆▇█]/);
  });
});

describe("the monitor's alerts under the readiness verdict", () => {
  const text = (lines: readonly (readonly { text: string }[])[]): string[] =>
    lines.map((l) => l.map((seg) => seg.text).join(''));

  it('shows nothing without a monitor, and "none firing" with an idle one', () => {
    expect(
      text(dashboardModel(appSnapshot(), noSelection, NOW, thresholds).readiness.lines),
    ).not.toContain(expect.stringMatching(/ALERTS/));
    const idle = dashboardModel(
      appSnapshot({
        alerts: { firing: [], silences: 0, healingPausedUntil: null, capacity: null, recent: [] },
      }),
      noSelection,
      NOW,
      thresholds,
    );
    expect(text(idle.readiness.lines)).toContain('ALERTS none firing');
  });

  it('names what fires, critical first, then silences and the maintenance pause', () => {
    const model = dashboardModel(
      appSnapshot({
        alerts: {
          firing: [
            {
              ruleId: 'queue-depth',
              severity: 'warning',
              subject: 'queue',
              summary: '50 jobs waiting',
              since: NOW - 120_000,
            },
            {
              ruleId: 'worker-not-running',
              severity: 'critical',
              subject: 'worker_wrapper-2',
              summary: 'worker_wrapper-2 exited',
              since: NOW - 600_000,
            },
          ],
          silences: 1,
          healingPausedUntil: NOW + 1_800_000,
          recent: [],
          capacity: { verdict: 'CONSIDER', action: 'raise QFIELDCLOUD_WORKER_REPLICAS, 2 → 4' },
        },
      }),
      noSelection,
      NOW,
      thresholds,
    );
    // Two lines at most, so the checks above keep their rows.
    expect(text(model.readiness.lines).slice(1)).toEqual([
      'ALERTS 2 firing  worker-not-running, queue-depth',
      '1 silenced · healing paused 30m more',
    ]);
  });
});

describe('the capacity verdict in the status bar', () => {
  it("shows the verdict the monitor's history gives, and nothing without one", () => {
    const line = (snap: ReturnType<typeof appSnapshot>) =>
      statusSegments(snap, NOW)
        .map((x) => x.text)
        .join('');
    expect(line(appSnapshot())).not.toContain('capacity');
    const alerts = {
      firing: [],
      silences: 0,
      healingPausedUntil: null,
      capacity: { verdict: 'CONSIDER', action: 'raise it' },
      recent: [],
    };
    expect(line(appSnapshot({ alerts }))).toContain('capacity CONSIDER');
  });
});

describe('the Alerts panel', () => {
  it('lists what fires (critical first), then the notices sent, newest first, with their ages', () => {
    const model = dashboardModel(
      appSnapshot({
        alerts: {
          firing: [
            {
              ruleId: 'queue-depth',
              severity: 'warning',
              subject: 'queue',
              summary: '50 jobs waiting',
              since: NOW - 120_000,
            },
            {
              ruleId: 'worker-not-running',
              severity: 'critical',
              subject: 'w-2',
              summary: 'w-2 exited',
              since: NOW - 60_000,
            },
          ],
          recent: [
            {
              at: NOW - 30_000,
              kind: 'resolved',
              severity: 'warning',
              ruleId: 'job-stuck',
              subject: 'queue',
              summary: 'no stuck jobs',
            },
            {
              at: NOW - 900_000,
              kind: 'firing',
              severity: 'warning',
              ruleId: 'job-stuck',
              subject: 'queue',
              summary: '2 jobs stuck',
            },
          ],
          silences: 0,
          healingPausedUntil: null,
          capacity: null,
        },
      }),
      noSelection,
      NOW,
      thresholds,
    );
    expect(model.alerts.status.kind).toBe('ok');
    expect(
      model.alerts.rows.map((r) => ['kind', 'rule', 'age'].map((k) => r.cells[k]?.text).join(' ')),
    ).toEqual([
      'FIRING worker-not-running 1m',
      'FIRING queue-depth 2m',
      'resolved job-stuck 30s',
      'fired job-stuck 15m',
    ]);
  });

  it('says how to get alerts when no monitor keeps state here', () => {
    const model = dashboardModel(appSnapshot(), noSelection, NOW, thresholds);
    expect(model.alerts.status).toEqual({
      kind: 'empty',
      message: 'no monitor on this host: jobdeck monitor evaluates the alert rules',
    });
  });
});
