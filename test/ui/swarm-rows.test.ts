import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSwarmSnapshot } from '../../src/sources/docker/swarm/build-swarm-snapshot.js';
import {
  swarmNodeListSchema,
  swarmServiceListSchema,
  swarmTaskListSchema,
} from '../../src/sources/docker/swarm/swarm-api-schemas.js';
import type { Action } from '../../src/actions/action.js';
import { detailLines } from '../../src/ui/view-models/detail-lines.js';
import { restartCommand } from '../../src/ui/view-models/restart-command.js';
import { serviceRows } from '../../src/ui/view-models/service-rows.js';
import { container, dockerSnapshot, NOW, service } from './helpers/build-snapshot.js';

// The recorded single-node swarm (test/fixtures/swarm): sw-worker (2 replicas, mid
// rolling update), sw-crash (exit 3), sw-pending (no suitable node), sw-global.
const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'fixtures', 'swarm', `${name}.json`), 'utf8'),
  );
const swarm = buildSwarmSnapshot(
  swarmServiceListSchema.parse(fixture('services')),
  swarmTaskListSchema.parse(fixture('tasks')),
  swarmNodeListSchema.parse(fixture('nodes')),
  NOW,
);
const worker = (n: number) =>
  container({ project: 'swarm', service: 'sw-worker', number: n, name: `sw-worker.${n}.x` });
const swWorker = {
  ...service('sw-worker', [worker(1), worker(2)]),
  key: 'swarm/sw-worker',
  project: 'swarm',
};
const fakeAction: Action<unknown> = {
  id: 'restart',
  label: 'restart',
  target: 'x',
  preview: () => Promise.reject(new Error('not used')),
  run: () => Promise.reject(new Error('not used')),
};
const snapshot = dockerSnapshot({ services: [swWorker], swarm });
const { rows } = serviceRows(snapshot, NOW);
const text = (id: string) => rows.find((r) => r.id === id);

describe('Swarm services on the Services panel', () => {
  it('shows the orchestrator’s counts and the rolling update on a service with local tasks', () => {
    expect(text('svc:swarm/sw-worker')?.cells.state).toEqual({
      text: 'updating 2/2',
      level: 'warn',
    });
    // Its task containers stay under it.
    expect(rows.filter((r) => r.depth === 1 && r.id.startsWith('ctr:'))).toHaveLength(2);
  });

  it('lists services with no task container here, with the error behind the missing replica', () => {
    expect(text('svc:swarm/sw-crash')?.cells.state).toEqual({ text: 'down 0/1', level: 'fail' });
    expect(text('swarm-error:swarm/sw-crash')?.cells.name).toEqual({
      text: '  task: non-zero exit (3) on vm',
      level: 'fail',
    });
    expect(text('swarm-error:swarm/sw-pending')?.cells.name?.text).toBe(
      '  no suitable node (scheduling constraints not satisfied on 1 node)',
    );
    expect(text('svc:swarm/sw-global')?.cells.state).toEqual({ text: 'up 1/1', level: 'ok' });
    // A healthy service gets no error row.
    expect(text('swarm-error:swarm/sw-global')).toBeUndefined();
  });

  it('a swarm row restarts by its key (R) and its details show tasks per node and errors', () => {
    const row = text('svc:swarm/sw-crash');
    expect(row?.ref.kind === 'service' && row.ref.service.key).toBe('swarm/sw-crash');
    const details = row === undefined ? null : detailLines(row.ref, NOW);
    expect(details?.title).toBe('swarm service sw-crash');
    expect(details?.lines).toContainEqual(['state', 'down: 0 of 1 running (replicated)']);
    expect(details?.lines.filter(([k]) => k === 'error').map(([, v]) => v.split(',')[0])).toEqual([
      'task: non-zero exit (3) (vm)',
      'task: non-zero exit (3) (vm)',
      'task: non-zero exit (3) (vm)',
    ]);
    const workerDetails = detailLines(
      text('svc:swarm/sw-worker')?.ref ?? { kind: 'service', service: swWorker },
      NOW,
    );
    expect(workerDetails.lines).toContainEqual(['update', 'updating — update in progress']);
    expect(workerDetails.lines).toContainEqual(['task sw-worker.2', 'running on vm']);
  });

  it('lists the nodes with their state, availability and role', () => {
    expect(text('swarm-nodes')?.cells.state).toEqual({ text: '1/1 ready', level: 'ok' });
    const node = rows.find((r) => r.id.startsWith('swarm-node:'));
    expect(node?.cells.name?.text).toBe('  vm manager (leader)');
    expect(node?.cells.state).toEqual({ text: 'ready', level: 'ok' });
    const details = node === undefined ? null : detailLines(node.ref, NOW);
    expect(details?.lines).toEqual([['vm', 'manager (leader), ready, active, 127.0.0.1']]);
  });

  it('without a swarm the rows are as before', () => {
    const plain = serviceRows(dockerSnapshot(), NOW).rows;
    expect(plain.some((r) => r.id.startsWith('swarm'))).toBe(false);
    expect(plain.find((r) => r.id === 'svc:qfieldcloud/worker_wrapper')?.cells.state?.text).toBe(
      'degraded 2/3',
    );
  });
});

describe('r on a Swarm task container', () => {
  it('points at R (a rolling update) instead of restarting the container behind Swarm', () => {
    const task = { ...worker(1), swarmService: 'sw-worker' };
    const command = restartCommand(
      'restart-container',
      {
        kind: 'container',
        container: task,
        serviceKey: 'swarm/sw-worker',
        heartbeat: null,
        jobs: [],
      },
      { restartContainer: () => fakeAction, restartService: () => fakeAction },
    );
    expect(command).toEqual({
      kind: 'explain',
      text: 'sw-worker.1.x is a task of Swarm service sw-worker: press R to restart the service with a rolling update',
    });
    expect(
      restartCommand(
        'restart-service',
        {
          kind: 'container',
          container: task,
          serviceKey: 'swarm/sw-worker',
          heartbeat: null,
          jobs: [],
        },
        { restartService: () => fakeAction },
      ).kind,
    ).toBe('run');
  });
});
