import { describe, expect, it } from 'vitest';
import { alertsConfigSchema } from '../../src/config/alerts-config-schema.js';
import { buildAlertRules } from '../../src/actions/alerts/build-alert-rules.js';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import { buildServicesSnapshot } from '../../src/sources/services/build-services-snapshot.js';
import { placeInstance } from '../../src/sources/services/place-instance.js';
import type {
  InstanceResources,
  ServiceInstance,
} from '../../src/sources/services/service-provider.js';
import { trackRestarts, type TrackedInstance } from '../../src/sources/services/track-restarts.js';
import { matchesHeartbeat } from '../../src/ui/view-models/matches-worker.js';
import { alertSnapshot } from '../helpers/alert-snapshot.js';

const NOW = 1_800_000_000_000;

function instance(name: string, over: Partial<ServiceInstance> = {}): ServiceInstance {
  return {
    id: `frappe-bench-workers:${name}`,
    name,
    service: 'frappe-bench-workers',
    number: 0,
    state: 'running',
    stateText: 'pid 812, uptime 0:03:12',
    pid: 812,
    startedAt: NOW - 192_000,
    stoppedAt: null,
    exitCode: null,
    restarts: null,
    command: null,
    resources: null,
    lastLog: { text: 'Worker rq:worker:abc started', stream: 'stderr', at: null },
    ...over,
  };
}

const sample = (rssMiB: number, cpu: number | null): InstanceResources => ({
  at: NOW,
  cpuPercent: cpu,
  rssBytes: rssMiB * 1_048_576,
  pids: 2,
});

function build(instances: ServiceInstance[], sampled = new Map<number, InstanceResources>()) {
  return buildServicesSnapshot({
    kind: 'supervisor',
    listing: { endpoint: 'unix:///run/supervisor.sock', version: '4.2.5', instances },
    sampled,
    observedRestarts: new Map([['frappe-bench-workers:frappe-bench-frappe-short-worker-0', 2]]),
    workerPattern: /worker/,
    now: NOW,
  });
}

describe('placeInstance', () => {
  it('supervisor: the group is the project, the program (no -N suffix) the service', () => {
    expect(placeInstance('supervisor', instance('frappe-bench-frappe-short-worker-1'))).toEqual({
      project: 'frappe-bench-workers',
      service: 'frappe-bench-frappe-short-worker',
    });
    // A program without a group: supervisor reports the program as its own group.
    expect(
      placeInstance('supervisor', instance('crashy', { service: 'crashy', number: null })),
    ).toEqual({ project: 'crashy', service: 'crashy' });
  });

  it('systemd and processes: the provider is the project', () => {
    const unit = instance('worker@2', { service: 'frappe-bench-frappe-short-worker' });
    expect(placeInstance('systemd', unit)).toEqual({
      project: 'systemd',
      service: 'frappe-bench-frappe-short-worker',
    });
  });
});

describe('buildServicesSnapshot', () => {
  it('groups programs into services, workers by the pattern, resources from /proc', () => {
    const snap = build(
      [
        instance('frappe-bench-frappe-short-worker-0'),
        instance('frappe-bench-frappe-long-worker-0', { pid: 813 }),
        instance('frappe-bench-frappe-web', { service: 'frappe-bench-web', pid: 700 }),
      ],
      new Map([
        [812, sample(80, 1.5)],
        [813, sample(120, null)],
      ]),
    );
    expect(snap.provider).toBe('supervisor');
    expect(snap.engine?.version).toBe('4.2.5');
    expect(snap.services.map((s) => [s.key, s.role, s.state])).toEqual([
      ['frappe-bench-web/frappe-bench-frappe-web', 'service', 'up'],
      ['frappe-bench-workers/frappe-bench-frappe-long-worker', 'worker', 'up'],
      ['frappe-bench-workers/frappe-bench-frappe-short-worker', 'worker', 'up'],
    ]);
    expect(snap.workers).toEqual({ running: 2, total: 2 });
    const short = snap.services[2]?.containers[0];
    expect(short?.pid).toBe(812);
    expect(short?.resources?.memoryMiB).toBe(80);
    expect(short?.resources?.cpuPercent).toBe(1.5);
    expect(short?.restartCount).toBe(2);
    expect(short?.lastLog?.text).toBe('Worker rq:worker:abc started');
    expect(short?.crashLooping).toBe(false);
    // The web program's pid was not sampled: no resources rather than zeros.
    expect(snap.services[0]?.containers[0]?.resources).toBeNull();
  });

  it('BACKOFF and FATAL are crash-looping and not running; a down worker degrades its service', () => {
    const snap = build([
      instance('crashy-0', {
        service: 'crashy',
        state: 'backoff',
        pid: null,
        stateText: 'Exited too quickly',
      }),
      instance('crashy-1', { service: 'crashy', state: 'fatal', pid: null }),
      instance('crashy-2', { service: 'crashy', state: 'running', pid: 900 }),
    ]);
    const [svc] = snap.services;
    expect(svc?.state).toBe('degraded');
    expect(svc?.containers.map((c) => [c.state, c.crashLooping])).toEqual([
      ['restarting', true],
      ['dead', true],
      ['running', false],
    ]);
    expect(svc?.containers[0]?.status).toBe('Exited too quickly');
  });

  it("a provider's own restart count wins over the observed one; resources it measured are kept", () => {
    const measured = sample(64, 3);
    const snap = build(
      [instance('frappe-bench-frappe-short-worker-0', { restarts: 5, resources: measured })],
      new Map([[812, sample(1, 1)]]),
    );
    const c = snap.services[0]?.containers[0];
    expect(c?.restartCount).toBe(5);
    expect(c?.resources?.memoryMiB).toBe(64);
  });
});

describe('trackRestarts', () => {
  it('counts a new pid once, even across a read with none; a first pid is a start', () => {
    const reads: (number | null)[] = [null, 100, 100, null, 200, 200, 300];
    let tracked = new Map<string, TrackedInstance>();
    const counts: number[] = [];
    for (const pid of reads) {
      tracked = trackRestarts(tracked, [instance('w-0', { pid })]);
      counts.push(tracked.get('frappe-bench-workers:w-0')?.restarts ?? -1);
    }
    expect(counts).toEqual([0, 0, 0, 0, 1, 1, 2]);
  });

  it('forgets instances that are no longer listed', () => {
    const first = trackRestarts(new Map(), [instance('a-0'), instance('b-0')]);
    expect([...trackRestarts(first, [instance('a-0')]).keys()]).toEqual([
      'frappe-bench-workers:a-0',
    ]);
  });
});

describe('joining rq workers to instances', () => {
  const snap = build([instance('frappe-bench-frappe-short-worker-0')]);
  const c = snap.services[0]?.containers[0];
  if (c === undefined) throw new Error('no container');

  it('by the pid rq recorded, whatever the uuid name', () => {
    expect(matchesHeartbeat({ id: 'a3f9c2…uuid', pid: 812 }, c)).toBe(true);
    expect(matchesHeartbeat({ id: 'a3f9c2…uuid', pid: 813 }, c)).toBe(false);
  });

  it('by host.pid names when no pid was recorded', () => {
    expect(matchesHeartbeat({ id: 'vps1.812' }, c)).toBe(true);
    expect(matchesHeartbeat({ id: 'vps1.8120' }, c)).toBe(false);
  });
});

describe('crash-loop rule on a provider that reports the loop itself', () => {
  const rule = buildAlertRules(alertsConfigSchema.parse({}), thresholdsSchema.parse({})).find(
    (r) => r.id === 'crash-loop',
  );
  it('fires at once for BACKOFF/FATAL, not for a running instance', () => {
    const snap = build([
      instance('crashy-0', {
        service: 'crashy',
        state: 'fatal',
        pid: null,
        stateText: 'Exited too quickly (process log may have details)',
      }),
      instance('frappe-bench-frappe-short-worker-0'),
    ]);
    const result = rule?.check({
      snapshot: alertSnapshot({ containers: snap.services.flatMap((s) => s.containers) }),
      now: NOW,
      firing: new Set(),
      memory: {},
    });
    expect(result?.findings?.map((f) => f.subject)).toEqual(['crashy-0']);
    expect(result?.findings?.[0]?.summary).toContain('Exited too quickly');
  });
});
