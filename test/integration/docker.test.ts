import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/actions/audit-log.js';
import { restartActionFor } from '../../src/actions/restart-action-for.js';
import { RestartContainerAction } from '../../src/actions/restart-container-action.js';
import { RestartServiceAction } from '../../src/actions/restart-service-action.js';
import { runAction } from '../../src/actions/run-action.js';
import { DockerClient } from '../../src/sources/docker/docker-client.js';
import { DockerCollector } from '../../src/sources/docker/docker-collector.js';
import { dockerConfigSchema } from '../../src/config/docker-config-schema.js';
import { resolveDockerEndpoint } from '../../src/sources/docker/docker-endpoint.js';
import type {
  DockerContainer,
  DockerService,
  DockerSnapshot,
} from '../../src/sources/docker/docker-snapshot.js';
import { ActionRefusedError, SourceUnreachableError } from '../../src/shared/errors.js';
import type { SourceResult } from '../../src/shared/source-result.js';
import { dockerCliStats } from '../helpers/docker-cli-stats.js';
import { DockerTestProject } from '../helpers/docker-test-project.js';
import { requireComponent } from '../helpers/require-component.js';

const docker = await requireComponent('docker');
if (!docker.available) console.warn(docker.reason);

const data = (r: SourceResult<DockerSnapshot> | null): DockerSnapshot | null =>
  r?.ok === true ? r.data : null;
const serviceOf = (s: DockerSnapshot | null, name: string): DockerService | undefined =>
  s?.services.find((x) => x.service === name);
const containerOf = (s: DockerSnapshot | null, id: string): DockerContainer | undefined =>
  s?.services.flatMap((x) => x.containers).find((c) => c.id === id) ??
  s?.jobs.find((c) => c.id === id);

describe.skipIf(!docker.available)('Docker source against a real engine', () => {
  const project = new DockerTestProject();
  const endpoint = resolveDockerEndpoint();
  const client = new DockerClient(endpoint, { readOnly: false });
  const readOnlyClient = new DockerClient(endpoint, { readOnly: true });
  const config = dockerConfigSchema.parse({
    projects: [project.project],
    eventThrottle: '100ms',
  });
  const auditDir = mkdtempSync(join(tmpdir(), 'jobdeck-docker-audit-'));
  const audit = new AuditLog(join(auditDir, 'audit.jsonl'));
  const actor = { user: 'test', from: null, via: 'cli' as const };
  let ids: Awaited<ReturnType<DockerTestProject['startQfieldcloud']>>;
  let collector: DockerCollector;

  beforeAll(async () => {
    ids = await project.startQfieldcloud();
    collector = new DockerCollector({ client, config }).start();
  }, 120_000);

  afterAll(async () => {
    await collector.close();
    await project.remove();
    rmSync(auditDir, { recursive: true, force: true });
  }, 60_000);

  it('groups the project by compose service, finds the workers, the one-shot build and the job', async () => {
    const result = await collector.waitFor((r) => {
      const s = data(r);
      const workers = serviceOf(s, 'worker_wrapper');
      // logsReadAt too: the worker lines can all be in while the first read of every log
      // (the job's included) is still running, and a stats sample publishes meanwhile.
      return (
        workers?.containers.length === 3 &&
        workers.containers.every((c) => c.lastLog !== null) &&
        serviceOf(s, 'memcached')?.containers[0]?.health === 'healthy' &&
        s?.jobs.some((j) => j.job?.id === ids.jobId) === true &&
        s.logsReadAt !== null
      );
    }, 15_000);
    const s = data(result);
    expect(s).not.toBeNull();
    expect(s?.eventsConnected).toBe(true);
    expect(s?.logsReadAt).not.toBeNull();
    expect(s?.engine?.version).toMatch(/^\d+\./);
    expect(s?.services.map((x) => [x.service, x.role, x.state])).toEqual([
      ['app', 'service', 'up'],
      ['memcached', 'service', 'up'],
      ['qgis', 'one-shot', 'completed'],
      ['worker_wrapper', 'worker', 'up'],
    ]);
    expect(s?.workers).toEqual({ running: 3, total: 3 });

    const workers = serviceOf(s, 'worker_wrapper')?.containers ?? [];
    expect(workers.map((c) => [c.name, c.number])).toEqual([
      [`${project.project}-worker_wrapper-1`, 1],
      [`${project.project}-worker_wrapper-2`, 2],
      [`${project.project}-worker_wrapper-3`, 3],
    ]);
    for (const w of workers) {
      expect(w.state).toBe('running');
      expect(w.health).toBe('none'); // QFieldCloud's worker_wrapper has no healthcheck
      expect(w.restartCount).toBe(0);
      expect(w.exitCode).toBeNull();
      expect(w.startedAt).toBeGreaterThan(Date.now() - 120_000);
    }
    // JSON lines are shown by their message; the TTY worker's raw line as it is.
    expect(workers[0]?.lastLog).toMatchObject({
      text: 'Dequeue QFieldCloud Jobs from the DB',
      level: 'INFO',
      stream: 'stdout',
    });
    expect(workers[1]?.lastLog?.text).toBe('Dequeued job 4f1c, run!');
    expect(workers[2]?.lastLog).toMatchObject({
      text: 'plain text from a tty worker',
      stream: 'tty',
      level: null,
    });
    expect(workers[2]?.tty).toBe(true);
    expect(workers[0]?.lastLog?.at).toBeGreaterThan(Date.now() - 120_000);

    const qgis = serviceOf(s, 'qgis')?.containers[0];
    expect(qgis).toMatchObject({ state: 'exited', exitCode: 0, role: 'one-shot' });

    const job = s?.jobs.find((j) => j.job?.id === ids.jobId);
    expect(job).toMatchObject({
      role: 'job',
      project: null,
      state: 'running',
      job: { id: ids.jobId, type: 'package' },
    });
  });

  it('reports CPU, memory and PIDs for every running container, memory as docker stats does', async () => {
    const running = [ids.app, ids.memcached, ...ids.workers, ids.job];
    const result = await collector.waitFor((r) => {
      const s = data(r);
      return running.every((id) => containerOf(s, id)?.resources?.cpuPercent != null);
    }, 10_000);
    const s = data(result);
    for (const id of running) {
      const r = containerOf(s, id)?.resources;
      expect(r?.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(r?.memoryBytes).toBeGreaterThan(0);
      expect(r?.memoryLimitBytes).toBeGreaterThan(0);
      expect(r?.pids).toBeGreaterThanOrEqual(1);
      expect(r?.netRxBytes).toBeNull(); // --network none: no interface at all
    }
    expect(containerOf(s, ids.qgis)?.resources).toBeNull();

    const names = running.map((id) => containerOf(s, id)?.name ?? id);
    const cli = await dockerCliStats(names);
    const ours = data(collector.getSnapshot());
    // Worker 1 holds 8 MB in a shell variable: a steady figure well above noise, which
    // must agree within 5 %.
    const big = containerOf(ours, ids.workers[0]);
    const bigTheirs = cli.get(big?.name ?? '')?.memoryBytes ?? NaN;
    expect(big?.resources?.memoryMiB).toBeGreaterThan(7.5);
    expect(Math.abs((big?.resources?.memoryBytes ?? NaN) - bigTheirs) / bigTheirs).toBeLessThan(
      0.05,
    );
    // The others use a few hundred KiB, and every `sleep` they fork adds ~100 KiB for a
    // moment: our sample may come from the engine's previous 1 s round, so allow that.
    for (const id of running) {
      const c = containerOf(ours, id);
      const theirs = cli.get(c?.name ?? '')?.memoryBytes ?? NaN;
      const mine = c?.resources?.memoryBytes ?? NaN;
      expect(Math.abs(mine - theirs), c?.name).toBeLessThan(Math.max(0.05 * theirs, 256 * 1024));
    }
  });

  it('shows a killed worker as exited within 2 s, through the event stream', async () => {
    const victim = ids.workers[2];
    const killedAt = Date.now();
    await project.docker.getContainer(victim).kill({ signal: 'SIGKILL' });
    const result = await collector.waitFor(
      (r) => containerOf(data(r), victim)?.state === 'exited',
      5_000,
    );
    const seenAfter = Date.now() - killedAt;
    const s = data(result);
    expect(seenAfter).toBeLessThan(2_000);
    expect(containerOf(s, victim)).toMatchObject({ state: 'exited', exitCode: 137 });
    expect(containerOf(s, victim)?.resources).toBeNull();
    expect(serviceOf(s, 'worker_wrapper')?.state).toBe('degraded');
    expect(s?.workers).toEqual({ running: 2, total: 3 });
    // `docker kill` is a manual stop: unless-stopped does not bring it back.
    expect(containerOf(s, victim)?.restartCount).toBe(0);
  });

  it('restarts one container through the action: StartedAt changes, RestartCount is reset to 0', async () => {
    const id = ids.workers[0];
    const before = containerOf(data(collector.getSnapshot()), id);
    const action = await restartActionFor(client, config, before?.name ?? '');
    expect(action).toBeInstanceOf(RestartContainerAction);
    const outcome = await runAction(action, { confirm: () => Promise.resolve(true), audit, actor });
    expect(outcome.state).toBe('done');
    if (outcome.state !== 'done') return;
    expect(outcome.result.ok).toBe(true);
    expect(outcome.result.items).toHaveLength(1);
    expect(outcome.result.items[0]).toMatchObject({ target: before?.name, ok: true });
    expect(outcome.result.items[0]?.detail).toMatch(/^restarted in \d+\.\ds$/);
    const result = await collector.waitFor((r) => {
      const c = containerOf(data(r), id);
      return c?.state === 'running' && (c.startedAt ?? 0) > (before?.startedAt ?? 0);
    }, 5_000);
    const after = containerOf(data(result), id);
    expect(after?.startedAt).toBeGreaterThan(before?.startedAt ?? Infinity);
    // What Engine 20.10 really does: `docker restart` (like `docker start`) resets
    // RestartCount to 0; only restarts done by the restart policy count.
    expect(after?.restartCount).toBe(0);
    const line = JSON.parse(readFileSync(audit.path, 'utf8').trim()) as Record<string, unknown>;
    expect(line).toMatchObject({
      action: 'restart',
      target: `container ${before?.name}`,
      ok: true,
    });
  });

  it('counts a crash that the restart policy answered in RestartCount', async () => {
    const id = ids.workers[1];
    const before = containerOf(data(collector.getSnapshot()), id);
    const exec = await project.docker
      .getContainer(id)
      .exec({ Cmd: ['touch', '/tmp/crash'], AttachStdout: false, AttachStderr: false });
    await exec.start({ Detach: true });
    const result = await collector.waitFor((r) => {
      const c = containerOf(data(r), id);
      return c?.restartCount === 1 && c.state === 'running';
    }, 10_000);
    const after = containerOf(data(result), id);
    expect(after?.restartCount).toBe(1);
    expect(after?.startedAt).toBeGreaterThan(before?.startedAt ?? Infinity);
  });

  it('restarts every replica of a service one by one, the dead one included', async () => {
    const action = await restartActionFor(client, config, 'worker_wrapper');
    expect(action).toBeInstanceOf(RestartServiceAction);
    const preview = await action.preview();
    expect(preview.summary).toBe(
      `restart worker_wrapper of ${project.project}: 3 replicas, one by one`,
    );
    expect(preview.confirmWord).toBe('worker_wrapper');
    // The containers' own stop timeout (compose stop_grace_period), not Docker's 10 s.
    expect(preview.details[0]).toMatch(/\/restart\?t=5 /);
    const result = await action.run(preview.plan);
    expect(result.ok).toBe(true);
    expect(result.items.map((i) => i.target)).toEqual([
      `${project.project}-worker_wrapper-1`,
      `${project.project}-worker_wrapper-2`,
      `${project.project}-worker_wrapper-3`,
    ]);
    const after = await collector.waitFor((r) => data(r)?.workers.running === 3, 5_000);
    expect(serviceOf(data(after), 'worker_wrapper')?.state).toBe('up');
  });

  it('a read-only client refuses restart (and every other change) before it reaches the engine', async () => {
    const id = ids.workers[0];
    const startedAt = (await project.docker.getContainer(id).inspect()).State.StartedAt;
    const action = new RestartContainerAction(readOnlyClient, id, config);
    const preview = await action.preview(); // reading is allowed
    const result = await action.run(preview.plan);
    expect(result.ok).toBe(false);
    expect(result.items[0]?.detail).toMatch(
      /^read-only mode: refused POST \/containers\/[0-9a-f]+\/restart /,
    );
    await expect(readOnlyClient.post(`/containers/${id}/restart`, {})).rejects.toBeInstanceOf(
      ActionRefusedError,
    );
    await expect(readOnlyClient.post(`/containers/${id}/kill`, {})).rejects.toBeInstanceOf(
      ActionRefusedError,
    );
    await expect(readOnlyClient.post('/containers/create', {})).rejects.toBeInstanceOf(
      ActionRefusedError,
    );
    expect((await project.docker.getContainer(id).inspect()).State.StartedAt).toBe(startedAt);
    const listed = await readOnlyClient.get('/containers/json', {});
    expect(Array.isArray(listed) && listed.length > 0).toBe(true);
  });
});

describe('Docker source with no engine', () => {
  it('degrades to a failed result with one actionable line, and never throws', async () => {
    const socket = join(tmpdir(), `jobdeck-no-engine-${process.pid}.sock`);
    const endpoint = resolveDockerEndpoint({ env: { DOCKER_HOST: `unix://${socket}` } });
    const client = new DockerClient(endpoint, { readOnly: false });
    const collector = new DockerCollector({
      client,
      config: dockerConfigSchema.parse({}),
    }).start();
    const result = await collector.waitFor((r) => !r.ok, 3_000);
    await collector.close();
    expect(result).toMatchObject({
      ok: false,
      error: `no Docker engine at ${socket}: is Docker running? set DOCKER_HOST otherwise`,
      lastOkAt: null,
    });
    await expect(restartActionFor(client, dockerConfigSchema.parse({}), 'x')).rejects.toThrow(
      SourceUnreachableError,
    );
  });

  it('names host and port when a tcp engine does not answer', async () => {
    const endpoint = resolveDockerEndpoint({ env: { DOCKER_HOST: 'tcp://127.0.0.1:1' } });
    const collector = new DockerCollector({
      client: new DockerClient(endpoint, { readOnly: true }),
      config: dockerConfigSchema.parse({}),
    }).start();
    const result = await collector.waitFor((r) => !r.ok, 3_000);
    await collector.close();
    expect(result?.ok === false ? result.error : '').toMatch(
      /^Docker engine at 127\.0\.0\.1:1 refused the connection: .*DOCKER_HOST$/,
    );
  });
});
