import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restartActionFor } from '../../src/actions/restart-action-for.js';
import { RestartSwarmServiceAction } from '../../src/actions/restart-swarm-service-action.js';
import { dockerConfigSchema } from '../../src/config/docker-config-schema.js';
import type { SourceResult } from '../../src/shared/source-result.js';
import { DockerClient } from '../../src/sources/docker/docker-client.js';
import { DockerCollector } from '../../src/sources/docker/docker-collector.js';
import type { DockerSnapshot } from '../../src/sources/docker/docker-snapshot.js';
import type { SwarmService } from '../../src/sources/docker/swarm/swarm-snapshot.js';
import { runCliAsync } from '../helpers/run-cli.js';
import { requireTestHosts, TestHosts, type TestHost } from '../helpers/test-hosts.js';

const hostsAvailable = await requireTestHosts();
if (!hostsAvailable.available) console.warn(hostsAvailable.reason);

const IMAGE = 'jobdeck-test/busybox:latest';

function swarmService(r: SourceResult<DockerSnapshot> | null, name: string): SwarmService | null {
  return r?.ok === true ? (r.data.swarm?.services.find((s) => s.name === name) ?? null) : null;
}

/**
 * A real single-node swarm on a test host's private engine, reached over ssh:// like a
 * fleet host. Its own swarm ports (23771, data path 47891) so that it does not meet a
 * developer's swarm on the main engine.
 */
describe.skipIf(!hostsAvailable.available)('Docker Swarm on a real single-node swarm', () => {
  const hosts = new TestHosts({ root: '/tmp/jobdeck-vitest-swarm', basePort: 22311 });
  let host: TestHost;
  let collector: DockerCollector;
  let client: DockerClient;
  const config = dockerConfigSchema.parse({
    logs: { enabled: false },
    swarm: { every: '500ms' },
    restart: { startTimeout: '20s' },
  });
  const docker = (...args: string[]): string =>
    execFileSync('docker', ['-H', `unix://${host.socket}`, ...args], {
      encoding: 'utf8',
      // `service create` warns on stderr that a local image has no registry digest.
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  const sshClient = (readOnly: boolean): DockerClient =>
    new DockerClient(
      { kind: 'ssh', host: '127.0.0.1', port: host.port, username: 'root', source: 'test' },
      { readOnly, env: {}, ssh: { identityFile: hosts.clientKey, knownHosts: hosts.knownHosts } },
    );

  beforeAll(async () => {
    [host] = (await hosts.start(1, 0)) as [TestHost];
    try {
      docker('swarm', 'leave', '--force');
    } catch {
      // Not in a swarm: the usual case.
    }
    docker(
      'swarm',
      'init',
      '--advertise-addr',
      '127.0.0.1:23771',
      '--listen-addr',
      '127.0.0.1:23771',
      '--data-path-port',
      '47891',
    );
    const create = (...args: string[]): void => {
      docker('service', 'create', '--detach', '--update-monitor', '1s', ...args);
    };
    create(
      '--name',
      'sw-worker',
      '--replicas',
      '2',
      '--stop-grace-period',
      '1s',
      IMAGE,
      'sleep',
      '1000000',
    );
    create('--name', 'sw-crash', '--replicas', '1', IMAGE, 'sh', '-c', 'exit 3');
    create('--name', 'sw-pending', '--constraint', 'node.labels.gpu==yes', IMAGE, 'sleep', '9');
    create('--name', 'sw-global', '--mode', 'global', IMAGE, 'sleep', '1000000');
    client = sshClient(false);
    collector = new DockerCollector({ client, config }).start();
  }, 180_000);

  afterAll(async () => {
    await collector.close();
    try {
      docker('swarm', 'leave', '--force');
    } finally {
      await hosts.stop();
    }
  }, 120_000);

  it('shows services with mode, running/desired replicas, task errors and the node', async () => {
    const r = await collector.waitFor(
      (x) =>
        swarmService(x, 'sw-worker')?.running === 2 &&
        swarmService(x, 'sw-global')?.running === 1 &&
        (swarmService(x, 'sw-crash')?.errors.length ?? 0) > 0 &&
        (swarmService(x, 'sw-pending')?.errors.length ?? 0) > 0,
      30_000,
    );
    expect(swarmService(r, 'sw-worker')).toMatchObject({
      mode: 'replicated',
      desired: 2,
      running: 2,
      state: 'up',
    });
    expect(swarmService(r, 'sw-global')).toMatchObject({ mode: 'global', desired: 1, state: 'up' });
    expect(swarmService(r, 'sw-crash')).toMatchObject({ running: 0, desired: 1, state: 'down' });
    expect(swarmService(r, 'sw-crash')?.errors[0]?.error).toBe('task: non-zero exit (3)');
    expect(swarmService(r, 'sw-pending')?.errors[0]?.error).toMatch(/^no suitable node/);
    const swarm = r?.ok === true ? r.data.swarm : null;
    expect(swarm?.nodes).toEqual([
      expect.objectContaining({
        role: 'manager',
        availability: 'active',
        state: 'ready',
        leader: true,
      }),
    ]);
    expect(r?.ok === true && r.data.engine?.swarm).toEqual({ state: 'active', manager: true });
    // The task containers are on the Services panel as swarm/<service>, numbered by slot.
    const services = r?.ok === true ? r.data.services : [];
    const worker = services.find((s) => s.key === 'swarm/sw-worker');
    expect(worker?.containers.map((c) => c.number)).toEqual([1, 2]);
    expect(worker?.role).toBe('worker');
  }, 40_000);

  it('status reports the swarm: services with replicas and task errors, the nodes, workers counted by the orchestrator', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobdeck-swarm-cli-'));
    try {
      writeFileSync(
        join(dir, 'jobdeck.yaml'),
        [
          'docker:',
          `  host: ssh://root@127.0.0.1:${host.port}`,
          '  ssh:',
          `    identityFile: ${hosts.clientKey}`,
          `    knownHosts: ${hosts.knownHosts}`,
          '',
        ].join('\n'),
      );
      const json = await runCliAsync(dir, ['status', '--json']);
      const report = JSON.parse(json.stdout) as {
        docker: {
          workers: { running: number; total: number };
          swarm: { services: { name: string; errors: string[] }[]; nodes: unknown[] } | null;
        };
      };
      expect(report.docker.swarm?.nodes).toHaveLength(1);
      expect(report.docker.swarm?.services.map((x) => x.name)).toEqual([
        'sw-crash',
        'sw-global',
        'sw-pending',
        'sw-worker',
      ]);
      expect(report.docker.swarm?.services[0]?.errors[0]).toBe('task: non-zero exit (3)');
      // sw-worker's 2 replicas, from the orchestrator's counts (not twice, not per container).
      expect(report.docker.workers).toEqual({ running: 2, total: 2 });
      const text = await runCliAsync(dir, ['status', '--no-color']);
      expect(text.stdout).toMatch(/^SWARM {2}1 node\(s\)$/m);
      expect(text.stdout).toMatch(/^ {2}down +sw-crash +0\/1 +replicated$/m);
      expect(text.stdout).toMatch(/^ {6}no suitable node/m);
      expect(text.stdout).toMatch(/^ {2}node \S+ +ready\/active manager \(leader\)$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('restart is a forced rolling update, previewed with the replica count', async () => {
    const before = swarmService(collector.getSnapshot(), 'sw-worker');
    const action = await restartActionFor(client, config, 'sw-worker');
    expect(action).toBeInstanceOf(RestartSwarmServiceAction);
    const preview = await action.preview();
    expect(preview.summary).toBe(
      'force a rolling update of sw-worker: 2 replicas, 1 at a time (stop-first)',
    );
    expect(preview.confirmWord).toBe('sw-worker');
    expect(preview.details[0]).toMatch(/TaskTemplate\.ForceUpdate 0 → 1$/);

    const result = await action.run(preview.plan);
    expect(result).toMatchObject({ ok: true });
    expect(result.summary).toBe('restarted sw-worker: rolling update completed (ForceUpdate 1)');
    // Both replicas were replaced by new tasks, and the service is whole again.
    const after = await collector.waitFor(
      (x) =>
        swarmService(x, 'sw-worker')?.updateState === 'completed' &&
        swarmService(x, 'sw-worker')?.running === 2,
      10_000,
    );
    // The replaced tasks' exited containers (Swarm's task history) are not replicas.
    const local =
      after?.ok === true ? after.data.services.find((s) => s.key === 'swarm/sw-worker') : undefined;
    expect(local?.containers.map((c) => c.state)).toEqual(['running', 'running']);
    expect(local?.state).toBe('up');
    const oldIds = new Set(before?.tasks.map((t) => t.id));
    const newTasks = swarmService(after, 'sw-worker')?.tasks ?? [];
    expect(newTasks.filter((t) => t.state === 'running')).toHaveLength(2);
    expect(newTasks.some((t) => oldIds.has(t.id))).toBe(false);
  }, 60_000);

  it('a preview that went stale is refused by the engine, not overwritten', async () => {
    const action = new RestartSwarmServiceAction(client, 'sw-global', config);
    const preview = await action.preview();
    docker('service', 'update', '--detach', '--label-add', 'touched=yes', 'sw-global');
    const result = await action.run(preview.plan);
    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(
      /sw-global changed since the preview .*: look again, then retry$/,
    );
  }, 30_000);

  it('read-only refuses the update before it leaves the process', async () => {
    const readOnly = new RestartSwarmServiceAction(sshClient(true), 'sw-worker', config);
    const preview = await readOnly.preview();
    const result = await readOnly.run(preview.plan);
    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/read-only mode: refused POST \/services\/\w+\/update/);
    expect(
      docker(
        'service',
        'inspect',
        '--format',
        '{{.Spec.TaskTemplate.ForceUpdate}}',
        'sw-worker',
      ).trim(),
    ).toBe('1');
  }, 30_000);
});
