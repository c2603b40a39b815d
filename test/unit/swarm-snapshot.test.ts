import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDockerMatchers } from '../../src/sources/docker/docker-matchers.js';
import { dockerConfigSchema } from '../../src/config/docker-config-schema.js';
import { buildSwarmSnapshot } from '../../src/sources/docker/swarm/build-swarm-snapshot.js';
import {
  swarmNodeListSchema,
  swarmServiceListSchema,
  swarmTaskListSchema,
} from '../../src/sources/docker/swarm/swarm-api-schemas.js';

// Answers recorded from a real single-node swarm (Engine 20.10.24, API 1.41) with four
// services: sw-worker (2 replicas, in the middle of `docker service update --force`),
// sw-crash (`sh -c 'exit 3'`), sw-pending (a constraint no node meets) and sw-global.
function fixture(name: string): unknown {
  return JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'fixtures', 'swarm', `${name}.json`), 'utf8'),
  );
}

const swarm = buildSwarmSnapshot(
  swarmServiceListSchema.parse(fixture('services')),
  swarmTaskListSchema.parse(fixture('tasks')),
  swarmNodeListSchema.parse(fixture('nodes')),
  1_000,
);
const service = (name: string) => swarm.services.find((s) => s.name === name);

describe('buildSwarmSnapshot on recorded answers', () => {
  it('lists services by name with mode, desired and running replicas', () => {
    expect(swarm.services.map((s) => [s.name, s.mode, s.running, s.desired, s.state])).toEqual([
      ['sw-crash', 'replicated', 0, 1, 'down'],
      ['sw-global', 'global', 1, 1, 'up'],
      ['sw-pending', 'replicated', 0, 1, 'down'],
      ['sw-worker', 'replicated', 2, 2, 'up'],
    ]);
  });

  it('says why replicas are missing: the task errors, newest first', () => {
    expect(service('sw-crash')?.errors.map((t) => t.error)).toEqual([
      'task: non-zero exit (3)',
      'task: non-zero exit (3)',
      'task: non-zero exit (3)',
    ]);
    expect(service('sw-crash')?.errors[0]?.exitCode).toBe(3);
    const crashTimes = service('sw-crash')?.errors.map((t) => t.at ?? 0) ?? [];
    expect([...crashTimes].sort((a, b) => b - a)).toEqual(crashTimes);
    expect(service('sw-pending')?.errors[0]).toMatchObject({
      error: 'no suitable node (scheduling constraints not satisfied on 1 node)',
      state: 'pending',
      node: null,
    });
  });

  it('shows the rolling update and only the tasks meant to run now, on their node', () => {
    const worker = service('sw-worker');
    expect(worker?.updateState).toBe('updating');
    expect(worker?.updateMessage).toBe('update in progress');
    // Slot 1's old task (desired shutdown) is gone from the list; its successor is ready.
    expect(worker?.tasks.map((t) => [t.slot, t.desiredState, t.state, t.node])).toEqual([
      [1, 'ready', 'ready', 'vm'],
      [2, 'running', 'running', 'vm'],
    ]);
    expect(worker?.image).toBe('jobdeck-test/busybox:latest');
  });

  it('lists the nodes with role, availability, state and the leader', () => {
    expect(swarm.nodes).toEqual([
      expect.objectContaining({
        hostname: 'vm',
        role: 'manager',
        availability: 'active',
        state: 'ready',
        leader: true,
      }),
    ]);
  });
});

describe('Swarm task containers on the Services panel', () => {
  const matchers = createDockerMatchers(dockerConfigSchema.parse({}));

  it('are placed as swarm/<service> with the task slot as replica number', () => {
    expect(
      matchers.place({
        'com.docker.swarm.service.name': 'sw-worker',
        'com.docker.swarm.task.name': 'sw-worker.2.4ej41pqyiakrl6hidk5kqgsou',
      }),
    ).toEqual({
      kind: 'compose',
      project: 'swarm',
      service: 'sw-worker',
      number: 2,
      swarmService: 'sw-worker',
    });
  });

  it('under their stack name when deployed with docker stack deploy; global tasks have no number', () => {
    expect(
      matchers.place({
        'com.docker.stack.namespace': 'qfc',
        'com.docker.swarm.service.name': 'qfc_worker_wrapper',
        'com.docker.swarm.task.name': 'qfc_worker_wrapper.sn0s2byg3mwfj1hdncz5ja8dd.jfxxr5',
      }),
    ).toEqual({
      kind: 'compose',
      project: 'qfc',
      service: 'worker_wrapper',
      number: null,
      swarmService: 'qfc_worker_wrapper',
    });
  });

  it('follow the projects filter like compose projects', () => {
    const only = createDockerMatchers(dockerConfigSchema.parse({ projects: ['qfc'] }));
    expect(only.place({ 'com.docker.swarm.service.name': 'sw-worker' })).toBeNull();
  });
});
