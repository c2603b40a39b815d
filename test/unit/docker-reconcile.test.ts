import { describe, expect, it } from 'vitest';
import { dockerConfigSchema } from '../../src/config/docker-config-schema.js';
import { applyInspects } from '../../src/sources/docker/apply-inspects.js';
import {
  containerInspectSchema,
  containerSummarySchema,
  type ContainerInspect,
  type ContainerSummary,
} from '../../src/sources/docker/docker-api-schemas.js';
import { createDockerMatchers } from '../../src/sources/docker/docker-matchers.js';
import { reconcile, type ReconcileOptions } from '../../src/sources/docker/reconcile-containers.js';
import { runningIds } from '../../src/sources/docker/running-ids.js';
import { toDockerError } from '../../src/sources/docker/to-docker-error.js';
import type { TrackedContainer } from '../../src/sources/docker/tracked-container.js';

const matchers = createDockerMatchers(dockerConfigSchema.parse({ projects: ['qfc'] }));
const place = (labels: Readonly<Record<string, string>>): ReturnType<typeof matchers.place> =>
  matchers.place(labels);

/** A list entry of a compose container in project `project` (ours is `qfc`). */
function listed(
  id: string,
  state = 'running',
  status = 'Up 3 minutes',
  project = 'qfc',
): ContainerSummary {
  return containerSummarySchema.parse({
    Id: id,
    Names: [`/${project}-${id}-1`],
    Image: 'busybox',
    Created: 1_700_000_000,
    Ports: null,
    Labels: {
      'com.docker.compose.project': project,
      'com.docker.compose.service': id.startsWith('w') ? 'worker_wrapper' : 'app',
      'com.docker.compose.container-number': '1',
    },
    State: state,
    Status: status,
  });
}

function inspectOf(id: string, status = 'running', tty = false): ContainerInspect {
  return containerInspectSchema.parse({
    Id: id,
    Name: `/${id}`,
    RestartCount: 0,
    State: {
      Status: status,
      Running: status === 'running',
      Restarting: false,
      OOMKilled: false,
      ExitCode: 0,
      StartedAt: '2024-01-01T00:00:00Z',
      FinishedAt: '0001-01-01T00:00:00Z',
    },
    Config: { Tty: tty, Labels: null },
  });
}

/** What the collector tracks after a list + inspect round of `summaries`. */
function trackedOf(...summaries: ContainerSummary[]): Map<string, TrackedContainer> {
  const map = new Map<string, TrackedContainer>();
  for (const summary of summaries) {
    const p = place(summary.Labels);
    if (p === null) throw new Error('fixture not ours');
    map.set(summary.Id, { summary, place: p, inspect: inspectOf(summary.Id, summary.State) });
  }
  return map;
}

const partial: ReconcileOptions = { place, full: false, dirty: new Set() };

describe('reconcile', () => {
  it('adds what is new, keeps what is still listed, drops what is gone', () => {
    const tracked = trackedOf(listed('app'), listed('w1'), listed('w2'));
    const r = reconcile(tracked, [listed('w2'), listed('w3'), listed('app')], partial);
    expect(r.added).toEqual(['w3']);
    expect(r.kept).toEqual(['app', 'w2']);
    expect(r.dropped).toEqual(['w1']);
    // The tracked order stays; new ones come last.
    expect([...r.tracked.keys()]).toEqual(['app', 'w2', 'w3']);
    // Only the new one needs an inspect: nothing else changed.
    expect(r.toInspect).toEqual(['w3']);
    expect(r.tracked.get('w3')?.inspect).toBeNull();
    expect(r.tracked.get('w2')?.inspect).toBe(tracked.get('w2')?.inspect);
  });

  it('ignores containers that are not ours, and drops one no longer shown', () => {
    const tracked = trackedOf(listed('app'));
    const r = reconcile(tracked, [listed('other', 'running', 'Up', 'elsewhere')], partial);
    expect(r.added).toEqual([]);
    expect(r.dropped).toEqual(['app']);
    expect(r.tracked.size).toBe(0);
    expect(r.toInspect).toEqual([]);
  });

  it('re-inspects on a state or health change, an event, a missing answer, or a full sync', () => {
    const tracked = trackedOf(
      listed('a', 'running', 'Up 3 minutes (healthy)'),
      listed('b', 'running', 'Up 3 minutes'),
      listed('c', 'running', 'Up 3 minutes'),
      listed('d', 'running', 'Up 3 minutes'),
      listed('e', 'running', 'Up 3 minutes'),
    );
    tracked.set('e', { ...(tracked.get('e') as TrackedContainer), inspect: null });
    const list = [
      listed('a', 'running', 'Up 4 minutes (unhealthy)'), // health changed
      listed('b', 'exited', 'Exited (1) 2 seconds ago'), // state changed
      listed('c', 'running', 'Up 4 minutes'), // uptime only: no re-inspect
      listed('d', 'running', 'Up 4 minutes'), // an event named it
      listed('e', 'running', 'Up 4 minutes'), // never answered
    ];
    const r = reconcile(tracked, list, { place, full: false, dirty: new Set(['d']) });
    expect(r.toInspect).toEqual(['a', 'b', 'd', 'e']);
    expect(r.tracked.get('c')?.summary.Status).toBe('Up 4 minutes'); // fresh list entry
    expect(reconcile(tracked, list, { ...partial, full: true }).toInspect).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
  });

  it('is pure: the tracked map is not changed', () => {
    const tracked = trackedOf(listed('app'), listed('w1'));
    const before = [...tracked.entries()];
    reconcile(tracked, [listed('w9')], { ...partial, full: true });
    expect([...tracked.entries()]).toEqual(before);
  });
});

describe('applyInspects', () => {
  const notFound = toDockerError(
    Object.assign(new Error('(HTTP code 404) no such container'), {
      statusCode: 404,
      json: { message: 'No such container: w2' },
    }),
    { kind: 'unix', socketPath: '/var/run/docker.sock', source: 'test' },
  );

  it('folds the answers in; a 404 means removed meanwhile, not a failure', () => {
    const tracked = reconcile(
      new Map(),
      [listed('w1'), listed('w2'), listed('w3')],
      partial,
    ).tracked;
    const r = applyInspects(
      tracked,
      ['w1', 'w2', 'w3'],
      [
        { status: 'fulfilled', value: inspectOf('w1', 'exited', true) },
        { status: 'rejected', reason: notFound },
        { status: 'fulfilled', value: { not: 'an inspect answer' } },
      ],
    );
    expect(r.failure).toBeNull();
    expect(r.gone).toEqual(['w2']);
    expect([...r.tracked.keys()]).toEqual(['w1', 'w3']);
    expect(r.tracked.get('w1')?.inspect?.Config.Tty).toBe(true);
    expect(r.tracked.get('w3')?.inspect).toBeNull(); // invalid answer: keeps what it had
    expect(tracked.get('w1')?.inspect).toBeNull(); // input untouched
  });

  it('any other failure fails the sync, by status, whatever the message says', () => {
    const tracked = trackedOf(listed('w1'), listed('w2'));
    const boom = new Error('HTTP 404 (only the words)');
    const r = applyInspects(
      tracked,
      ['w1', 'w2'],
      [
        { status: 'rejected', reason: boom },
        { status: 'fulfilled', value: inspectOf('w2', 'exited') },
      ],
    );
    expect(r.failure).toEqual({ error: boom });
    expect(r.gone).toEqual([]);
    expect(r.tracked.get('w2')?.inspect?.State.Status).toBe('exited');
  });
});

describe('runningIds', () => {
  it('trusts the inspect answer over the list entry', () => {
    const tracked = trackedOf(listed('a'), listed('b', 'exited'), listed('c'));
    tracked.set('c', {
      ...(tracked.get('c') as TrackedContainer),
      inspect: inspectOf('c', 'exited'),
    });
    tracked.set('b', { ...(tracked.get('b') as TrackedContainer), inspect: null });
    expect([...runningIds(tracked)]).toEqual(['a']);
  });
});
