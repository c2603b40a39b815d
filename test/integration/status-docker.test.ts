import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusReportSchema, type StatusReport } from '../../src/app/status/status-report.js';
import { DockerTestProject } from '../helpers/docker-test-project.js';
import { jobId, loadQfieldcloud, P1 } from '../helpers/qfieldcloud-fixture.js';
import { requireComponent } from '../helpers/require-component.js';
import { runCli } from '../helpers/run-cli.js';
import { createTestDatabase } from '../helpers/test-database.js';
import { readAudit } from '../helpers/read-audit.js';

const docker = await requireComponent('docker');
if (!docker.available) console.warn(`skipping status/restart with Docker: ${docker.reason}`);

describe.skipIf(!docker.available)('status and restart with a real Docker engine', () => {
  const project = new DockerTestProject();
  const cwd = mkdtempSync(join(tmpdir(), 'jobdeck-status-docker-'));
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;
  let started: Awaited<ReturnType<DockerTestProject['startQfieldcloud']>>;

  const status = (): { code: number | null; report: StatusReport } => {
    const r = runCli(cwd, ['status', '--json'], env);
    return { code: r.code, report: statusReportSchema.parse(JSON.parse(r.stdout)) };
  };

  beforeAll(async () => {
    started = await project.startQfieldcloud();
    db = await createTestDatabase('status_docker');
    await loadQfieldcloud(db.url, [
      { id: jobId(1), project: P1, status: 'started', created: 30, started: 20 },
    ]);
    writeFileSync(
      join(cwd, 'jobdeck.yaml'),
      `docker:\n  projects: [${project.project}]\n  jobs: { value: test_worker }\n`,
    );
    env = { DATABASE_URL: db.url, USER: 'ops' };
  });
  afterAll(async () => {
    await project.remove();
    await db.drop();
  });

  it('--json has the compose services, worker resources and log lines, and the job containers', () => {
    const { code, report } = status();
    if (report.docker?.ok !== true) throw new Error(JSON.stringify(report.docker));
    const keys = report.docker.services.map(
      (s) => `${s.service}:${s.role}:${s.state}:${s.running}`,
    );
    expect(keys).toEqual([
      'app:service:up:1',
      'memcached:service:up:1',
      'qgis:one-shot:completed:0',
      'worker_wrapper:worker:up:3',
    ]);
    const workers =
      report.docker.services.find((s) => s.service === 'worker_wrapper')?.containers ?? [];
    expect(workers.map((c) => c.lastLog)).toEqual([
      'Dequeue QFieldCloud Jobs from the DB',
      'Dequeued job 4f1c, run!',
      'plain text from a tty worker',
    ]);
    expect(workers.every((c) => c.cpuPercent !== null && c.memoryMiB !== null)).toBe(true);
    // Per-job containers belong to no compose project: other tests' may show up too.
    expect(report.docker.jobs.map((j) => j.jobId)).toContain(started.jobId);
    expect(report.readiness.find((c) => c.name === 'worker')).toMatchObject({
      level: 'ok',
      detail: '3 of 3 worker containers running',
    });
    expect(code).toBe(0);
  });

  it('a killed worker degrades the verdict (exit 1); restart of the service brings it back, audited', async () => {
    await project.docker.getContainer(started.workers[1]).kill();
    const degraded = status();
    expect(degraded.report.readiness.find((c) => c.name === 'worker')).toMatchObject({
      level: 'warn',
      detail: '2 of 3 worker containers running',
    });
    expect(degraded.code).toBe(1);

    const r = runCli(cwd, ['restart', 'worker_wrapper', '--yes'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/restart worker_wrapper of .*: 3 replicas, one by one/);
    const audit = readAudit(join(cwd, 'xdg-state', 'jobdeck', 'audit.jsonl'));
    expect(audit.at(-1)).toMatchObject({
      action: 'restart',
      user: 'ops',
      ok: true,
    });
    expect(status().code).toBe(0);
  });

  it('no running worker container is DOWN (exit 2); read-only refuses restart', async () => {
    await Promise.all(started.workers.map((id) => project.docker.getContainer(id).kill()));
    const down = status();
    expect(down.report.verdict).toBe('DOWN');
    expect(down.code).toBe(2);
    const ro = runCli(cwd, ['restart', 'worker_wrapper', '--yes', '--read-only'], env);
    expect(ro.code).toBe(1);
    expect(ro.stderr).toMatch(/read-only mode/);
  });
});
