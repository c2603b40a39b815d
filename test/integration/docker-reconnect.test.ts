import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerClient } from '../../src/sources/docker/docker-client.js';
import { DockerCollector } from '../../src/sources/docker/docker-collector.js';
import { dockerConfigSchema } from '../../src/config/docker-config-schema.js';
import type { DockerContainer, DockerSnapshot } from '../../src/sources/docker/docker-snapshot.js';
import type { SourceResult } from '../../src/shared/source-result.js';
import { DockerSocketProxy } from '../helpers/docker-socket-proxy.js';
import { DockerTestProject, workerScript } from '../helpers/docker-test-project.js';
import { requireComponent } from '../helpers/require-component.js';

const docker = await requireComponent('docker');
if (!docker.available) console.warn(docker.reason);

const find = (r: SourceResult<DockerSnapshot> | null, id: string): DockerContainer | undefined =>
  r?.ok === true
    ? r.data.services.flatMap((s) => s.containers).find((c) => c.id === id)
    : undefined;

// The engine "restarts" behind a socket proxy: the shared engine itself is never touched.
describe.skipIf(!docker.available)('Docker source across an engine outage', () => {
  const project = new DockerTestProject();
  const proxy = new DockerSocketProxy();
  let collector: DockerCollector;
  let survivor = '';
  let victim = '';

  beforeAll(async () => {
    await proxy.start();
    [survivor, victim] = await Promise.all([
      project.run({ service: 'worker_wrapper', number: 1, script: workerScript('one') }),
      project.run({ service: 'worker_wrapper', number: 2, script: workerScript('two') }),
    ]);
    const client = new DockerClient(
      { kind: 'unix', socketPath: proxy.path, source: 'test proxy' },
      { readOnly: true },
    );
    collector = new DockerCollector({
      client,
      config: dockerConfigSchema.parse({ projects: [project.project], logs: { enabled: false } }),
    }).start();
  }, 60_000);

  afterAll(async () => {
    await collector.close();
    await proxy.stop();
    await project.remove();
  }, 60_000);

  it('says the engine is gone in one line, then reconnects, resyncs and restreams stats', async () => {
    const up = await collector.waitFor(
      (r) => r.ok && r.data.eventsConnected && find(r, survivor)?.resources?.cpuPercent != null,
      10_000,
    );
    expect(up?.ok).toBe(true);

    await proxy.stop();
    const down = await collector.waitFor((r) => !r.ok, 5_000);
    expect(down).toMatchObject({
      ok: false,
      error: `no Docker engine at ${proxy.path}: is Docker running? set DOCKER_HOST otherwise`,
    });
    expect(down?.ok === false ? down.lastOkAt : null).toBeGreaterThan(0);

    // Changes while we cannot see them: only a resync after reconnecting can catch this.
    await project.docker.getContainer(victim).kill({ signal: 'SIGKILL' });
    const restartedAt = Date.now();
    await proxy.start();

    const back = await collector.waitFor(
      (r) =>
        r.ok &&
        r.data.eventsConnected &&
        find(r, victim)?.state === 'exited' &&
        // Every old connection died with the proxy: a sample now means a reopened stream.
        (find(r, survivor)?.resources?.at ?? 0) > restartedAt,
      15_000,
    );
    expect(back?.ok).toBe(true);
    expect(find(back, victim)).toMatchObject({ state: 'exited', exitCode: 137 });
    expect(find(back, survivor)?.state).toBe('running');
  }, 40_000);
});
