import { describe, expect, it } from 'vitest';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import type { AppSnapshot } from '../../src/store/app-snapshot.js';
import { fleetRows } from '../../src/ui/view-models/fleet-rows.js';
import { fitColumns } from '../../src/ui/view-models/fit-columns.js';
import {
  appSnapshot,
  dockerSnapshot,
  NOW,
  queueSnapshot,
  stuckJob,
} from './helpers/build-snapshot.js';

const thresholds = thresholdsSchema.parse({});

/** The rows as `column: text` per target, for asserting what a person reads. */
function cells(...snapshots: [string, AppSnapshot][]): Record<string, Record<string, string>> {
  const table = fleetRows(
    snapshots.map(([name, snapshot]) => ({ name, snapshot, thresholds })),
    NOW,
  );
  return Object.fromEntries(
    table.rows.map((r) => [
      r.id,
      Object.fromEntries(Object.entries(r.cells).map(([k, c]) => [k, c.text])),
    ]),
  );
}

function row(name: string, snapshot: AppSnapshot) {
  const found = fleetRows([{ name, snapshot, thresholds }], NOW).rows[0];
  if (found === undefined) throw new Error('no row');
  return found;
}

describe('fleetRows', () => {
  it('one numbered row per target, in order, with verdict, queue, workers and data ages', () => {
    const table = cells(
      ['host1', appSnapshot({ target: 'host1', verdict: 'OPERATIONAL' })],
      ['host2', appSnapshot({ target: 'host2' })],
      ['host3', appSnapshot({ target: 'host3', verdict: 'DOWN' })],
    );
    expect(Object.keys(table)).toEqual(['host1', 'host2', 'host3']);
    expect(table.host1).toEqual({
      n: '1',
      target: 'host1',
      verdict: 'OPERATIONAL',
      waiting: '4',
      running: '2',
      stuck: '0',
      failure: '7.1%',
      workers: '2/3',
      alert: 'no monitor',
      ages: 'queue live · docker live',
    });
    expect(table.host2?.verdict).toBe('DEGRADED');
    expect(table.host3?.n).toBe('3');
    expect(table.host3?.verdict).toBe('DOWN');
  });

  it('colours verdicts, a deep queue, stuck jobs, a failure rate above the threshold, workers down', () => {
    const q = queueSnapshot({
      waiting: 42,
      stuck: [stuckJob()],
      window: { ...queueSnapshot().window, failureRate: 0.5 },
    });
    const r = row(
      'host1',
      appSnapshot({ verdict: 'DOWN', queue: { status: 'ok', at: NOW, data: q } }),
    );
    expect(r.cells.verdict).toMatchObject({ text: 'DOWN', level: 'fail' });
    expect(r.cells.waiting).toMatchObject({ text: '42', level: 'warn' });
    expect(r.cells.stuck).toMatchObject({ text: '1', level: 'warn' });
    expect(r.cells.failure).toMatchObject({ text: '50%', level: 'fail' });
    expect(r.cells.workers).toMatchObject({ text: '2/3', level: 'warn' });
    expect(row('h', appSnapshot({ verdict: 'OPERATIONAL' })).cells.verdict?.level).toBe('ok');
  });

  it('says "checking…" before the first refresh, and loading sources as such', () => {
    const r = row(
      'host1',
      appSnapshot({
        verdict: null,
        readiness: [],
        queue: { status: 'loading' },
        docker: { status: 'loading' },
      }),
    );
    expect(r.cells.verdict).toMatchObject({ text: 'checking…', dim: true });
    expect(r.cells.waiting?.text).toBe('…');
    expect(r.cells.workers?.text).toBe('–');
    expect(r.cells.ages?.text).toBe('queue loading · docker loading');
  });

  it('a target whose sources failed shows the failing check in its row, its last numbers dimmed', () => {
    const r = row(
      'host2',
      appSnapshot({
        verdict: 'DOWN',
        queue: {
          status: 'failed',
          error: 'connect ECONNREFUSED 10.0.0.2:5432',
          at: NOW,
          last: { data: queueSnapshot(), at: NOW - 120_000 },
        },
        readiness: [
          {
            name: 'database',
            level: 'fail',
            critical: true,
            detail: 'connection refused (10.0.0.2:5432)',
            latencyMs: null,
          },
        ],
      }),
    );
    expect(r.cells.alert).toMatchObject({
      text: 'failed: database: connection refused (10.0.0.2:5432)',
      level: 'fail',
    });
    expect(r.cells.waiting).toMatchObject({ text: '4', dim: true });
    expect(r.cells.ages).toMatchObject({ text: 'queue failed, data 2m old · docker live' });
    expect(r.cells.ages?.level).toBe('fail');
  });

  it("without a failing check it names the failed source's own error", () => {
    const r = row(
      'host3',
      appSnapshot({
        verdict: null,
        readiness: [],
        queue: { status: 'off' },
        docker: {
          status: 'failed',
          error: 'ssh: host3: connection timed out',
          at: NOW,
          last: null,
        },
      }),
    );
    expect(r.cells.alert?.text).toBe('failed: docker: ssh: host3: connection timed out');
    expect(r.cells.workers?.text).toBe('–');
  });

  it('a target without a queue shows dashes for the queue columns', () => {
    const r = row('docker-only', appSnapshot({ queue: { status: 'off' } }));
    for (const key of ['waiting', 'running', 'stuck', 'failure'])
      expect(r.cells[key], key).toMatchObject({ text: '–', dim: true });
    expect(r.cells.workers?.text).toBe('2/3');
    expect(r.cells.ages?.text).toBe('queue off · docker live');
  });

  it('workers: containers up of expected, else live heartbeats, none up is a failure', () => {
    const beats = queueSnapshot({
      workers: [
        { id: 'w1', lastHeartbeatAt: NOW, ageSeconds: 1, state: 'active', runningJobs: 1 },
        {
          id: 'w2',
          lastHeartbeatAt: NOW - 400_000,
          ageSeconds: 400,
          state: 'dead',
          runningJobs: 0,
        },
      ],
    });
    const heartbeats = row(
      'rq',
      appSnapshot({ docker: { status: 'off' }, queue: { status: 'ok', at: NOW, data: beats } }),
    );
    expect(heartbeats.cells.workers).toMatchObject({ text: '1/2', level: 'none' });
    const down = row(
      'h',
      appSnapshot({
        docker: {
          status: 'ok',
          at: NOW,
          data: dockerSnapshot({ workers: { running: 0, total: 3 } }),
        },
      }),
    );
    expect(down.cells.workers).toMatchObject({ text: '0/3', level: 'fail' });
    const services = row('sv', appSnapshot({ servicesProvider: 'supervisor' }));
    expect(services.cells.ages?.text).toBe('queue live · supervisor live');
  });

  it('a failing check (a probe) says why even while every source answers', () => {
    const r = row(
      'beta',
      appSnapshot({
        verdict: 'DOWN',
        readiness: [
          { name: 'api', level: 'fail', critical: true, detail: 'HTTP 502', latencyMs: 12 },
        ],
      }),
    );
    expect(r.cells.alert).toMatchObject({ text: 'failed: api: HTTP 502', level: 'fail' });
    expect(r.cells.waiting).toMatchObject({ text: '4', dim: false });
  });

  it('the worst firing alert: critical before warning, with how many more fire', () => {
    const alerts = {
      firing: [
        {
          ruleId: 'queue-depth',
          severity: 'warning' as const,
          subject: 'queue',
          summary: '42 waiting',
          since: NOW - 60_000,
        },
        {
          ruleId: 'workers-down',
          severity: 'critical' as const,
          subject: 'worker_wrapper',
          summary: '0 of 3 worker containers up',
          since: NOW - 30_000,
        },
      ],
      silences: 0,
      healingPausedUntil: null,
      recent: [],
      capacity: null,
    };
    const r = row('host1', appSnapshot({ alerts }));
    expect(r.cells.alert).toMatchObject({
      text: 'critical workers-down: 0 of 3 worker containers up (+1)',
      level: 'fail',
    });
    expect(row('h', appSnapshot({ alerts: { ...alerts, firing: [] } })).cells.alert?.text).toBe(
      'none firing',
    );
  });

  it('numbers only the first nine (the number keys), and fits 80 columns keeping the alert', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({
      name: `host${String(i + 1)}`,
      snapshot: appSnapshot(),
      thresholds,
    }));
    const table = fleetRows(many, NOW);
    expect(table.rows.map((r) => r.cells.n?.text)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '',
    ]);
    const at80 = fitColumns(table.columns, 78).map((c) => c.key);
    expect(at80).toEqual(expect.arrayContaining(['n', 'target', 'verdict', 'workers', 'alert']));
    expect(at80).not.toContain('ages');
    expect(fitColumns(table.columns, 118).map((c) => c.key)).toContain('ages');
  });
});
