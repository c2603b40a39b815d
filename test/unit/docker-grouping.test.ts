import { describe, expect, it } from 'vitest';
import { buildDockerContainer } from '../../src/sources/docker/build-docker-container.js';
import { buildDockerSnapshot } from '../../src/sources/docker/build-docker-snapshot.js';
import {
  containerSummarySchema,
  type ContainerSummary,
} from '../../src/sources/docker/docker-api-schemas.js';
import { dockerConfigSchema } from '../../src/config/docker-config-schema.js';
import { createDockerMatchers } from '../../src/sources/docker/docker-matchers.js';
import type { DockerContainer } from '../../src/sources/docker/docker-snapshot.js';
import { formatPorts } from '../../src/sources/docker/format-ports.js';

const defaults = dockerConfigSchema.parse({});
const matchers = createDockerMatchers(defaults);

let seq = 0;
/** A `GET /containers/json` entry for a compose container (or a job with `labels`). */
function summary(
  service: string | null,
  options: {
    number?: number;
    state?: string;
    status?: string;
    labels?: Record<string, string>;
    project?: string;
  } = {},
): ContainerSummary {
  seq++;
  const labels: Record<string, string> =
    service === null
      ? (options.labels ?? {})
      : {
          'com.docker.compose.project': options.project ?? 'qfieldcloud',
          'com.docker.compose.service': service,
          'com.docker.compose.container-number': String(options.number ?? 1),
          ...options.labels,
        };
  return containerSummarySchema.parse({
    Id: `${seq}`.padStart(64, '0'),
    Names: [
      `/${service === null ? `job-${seq}` : `qfieldcloud-${service}-${options.number ?? 1}`}`,
    ],
    Image: 'img',
    Created: 1_700_000_000 + seq,
    Ports: null, // engines send null for "none"
    Labels: labels,
    State: options.state ?? 'running',
    Status: options.status ?? 'Up 3 minutes',
  });
}

function container(s: ContainerSummary): DockerContainer {
  const place = matchers.place(s.Labels);
  if (place === null) throw new Error('not placed');
  return buildDockerContainer(s, null, place, matchers, { resources: null, lastLog: null });
}

describe('config defaults (QFieldCloud)', () => {
  it('workers match /worker/, one-shots are the qgis builds and the other one-shot helpers', () => {
    expect(matchers.role('worker_wrapper')).toBe('worker');
    expect(matchers.role('app')).toBe('service');
    for (const s of ['qgis', 'qgis3', 'qgis4', 'mirror_transformation_grids', 'createbuckets']) {
      expect(matchers.role(s)).toBe('one-shot');
    }
    expect(defaults).toMatchObject({ projects: 'all', stats: 'auto', resyncEvery: 30_000 });
    expect(defaults.logs).toEqual({ enabled: true, every: 5_000, tail: 5, maxLength: 240 });
  });

  it('a bad pattern is a config error at its path', () => {
    const parsed = dockerConfigSchema.safeParse({ workerPattern: '(' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['workerPattern']);
    expect(dockerConfigSchema.safeParse({ projects: [] }).success).toBe(false);
    expect(dockerConfigSchema.safeParse({ stats: 'sometimes' }).success).toBe(false);
  });
});

describe('placing containers', () => {
  it('only the configured projects; job containers by their app label', () => {
    const only = createDockerMatchers(dockerConfigSchema.parse({ projects: ['qfieldcloud'] }));
    expect(only.place(summary('app').Labels)).toMatchObject({ kind: 'compose', service: 'app' });
    expect(only.place(summary('app', { project: 'other' }).Labels)).toBeNull();
    expect(only.place({})).toBeNull();
    const job = { app: 'production_worker', job_id: 'j-1', type: 'package', project_id: 'p-1' };
    expect(only.place(job)).toEqual({
      kind: 'job',
      job: { id: 'j-1', type: 'package', projectId: 'p-1' },
    });
    expect(only.place({ app: 'production_web' })).toBeNull();
    const exact = createDockerMatchers(
      dockerConfigSchema.parse({ jobs: { value: 'staging_worker' } }),
    );
    expect(exact.place(job)).toBeNull();
    expect(exact.place({ ...job, app: 'staging_worker' })).toMatchObject({ kind: 'job' });
  });

  it('without inspect data: health and exit code from the engine’s status phrase', () => {
    expect(container(summary('db', { status: 'Up 2 hours (healthy)' })).health).toBe('healthy');
    expect(container(summary('db', { status: 'Up 2 seconds (health: starting)' })).health).toBe(
      'starting',
    );
    expect(container(summary('db')).health).toBe('none');
    const dead = container(
      summary('worker_wrapper', { state: 'exited', status: 'Exited (137) 2 seconds ago' }),
    );
    expect(dead).toMatchObject({
      exitCode: 137,
      role: 'worker',
      restartCount: null,
      startedAt: null,
    });
    expect(container(summary('app')).exitCode).toBeNull();
  });

  it('published ports as docker ps shows them, deduplicated and sorted', () => {
    expect(
      formatPorts([
        { IP: '0.0.0.0', PrivatePort: 8000, PublicPort: 8011, Type: 'tcp' },
        { IP: '::', PrivatePort: 8000, PublicPort: 8011, Type: 'tcp' },
        { IP: '0.0.0.0', PrivatePort: 8000, PublicPort: 8011, Type: 'tcp' },
        { PrivatePort: 11211, Type: 'tcp' }, // exposed only
        { IP: '127.0.0.1', PrivatePort: 5678, PublicPort: 5678, Type: 'tcp' },
      ]),
    ).toEqual(['0.0.0.0:8011->8000/tcp', '127.0.0.1:5678->5678/tcp', '[::]:8011->8000/tcp']);
  });
});

describe('grouping into services', () => {
  const containers = [
    summary('worker_wrapper', { number: 10 }),
    summary('worker_wrapper', { number: 2, state: 'exited', status: 'Exited (1) 1 minute ago' }),
    summary('worker_wrapper', { number: 1 }),
    summary('app'),
    summary('qgis', { state: 'exited', status: 'Exited (0) 3 days ago' }),
    summary('mirror_transformation_grids', { state: 'exited', status: 'Exited (6) 3 days ago' }),
    summary('memcached', { state: 'exited', status: 'Exited (0) 1 second ago' }),
    summary('nginx', { status: 'Up 1 hour (unhealthy)' }),
    summary(null, { labels: { app: 'production_worker', job_id: 'b' } }),
    summary(null, { labels: { app: 'production_worker', job_id: 'a' } }),
  ].map(container);
  const snapshot = buildDockerSnapshot({
    endpoint: 'unix:///var/run/docker.sock',
    engine: null,
    containers,
    eventsConnected: true,
    statsMode: 'stream',
    resyncedAt: 0,
    logsReadAt: null,
  });

  it('sorts services by project and name and replicas by container number', () => {
    expect(snapshot.services.map((s) => [s.service, s.role, s.state, s.running])).toEqual([
      ['app', 'service', 'up', 1],
      ['memcached', 'service', 'down', 0],
      // A one-shot that failed is "failed"; one that exited 0 is "completed", never "down".
      ['mirror_transformation_grids', 'one-shot', 'failed', 0],
      ['nginx', 'service', 'degraded', 1],
      ['qgis', 'one-shot', 'completed', 0],
      ['worker_wrapper', 'worker', 'degraded', 2],
    ]);
    const workers = snapshot.services.find((s) => s.service === 'worker_wrapper');
    expect(workers?.containers.map((c) => c.number)).toEqual([1, 2, 10]);
    expect(snapshot.workers).toEqual({ running: 2, total: 3 });
  });

  it('per-job containers are not services; they are jobs, oldest first', () => {
    expect(snapshot.jobs.map((j) => j.job?.id)).toEqual(['b', 'a']);
    expect(snapshot.services.flatMap((s) => s.containers).some((c) => c.role === 'job')).toBe(
      false,
    );
  });

  it('the snapshot is frozen all the way down', () => {
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(Object.isFrozen(snapshot.services[0]?.containers[0])).toBe(true);
    expect(() => {
      (snapshot.workers as { running: number }).running = 9;
    }).toThrow(TypeError);
  });
});
