import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerTestProject, workerScript } from '../helpers/docker-test-project.js';
import { requireComponent } from '../helpers/require-component.js';
import { CLI, runCli } from '../helpers/run-cli.js';
import { readAudit } from '../helpers/read-audit.js';

const docker = await requireComponent('docker');
if (!docker.available) console.warn(`skipping self-healing against Docker: ${docker.reason}`);

describe.skipIf(!docker.available)('jobdeck monitor self-healing (real Docker engine)', () => {
  const project = new DockerTestProject();
  const cwd = mkdtempSync(join(tmpdir(), 'jobdeck-healing-'));
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: cwd,
    XDG_STATE_HOME: join(cwd, 'state'),
    XDG_CONFIG_HOME: join(cwd, 'cfg'),
    USER: 'ops',
  };
  let worker: string;

  const state = async (): Promise<{ running: boolean; startedAt: string }> => {
    const info = await project.docker.getContainer(worker).inspect();
    return { running: info.State.Running, startedAt: info.State.StartedAt };
  };

  /** Runs `jobdeck monitor --interval 1s` until `until` holds (or 25 s), then SIGTERM. */
  async function monitorUntil(
    until: () => Promise<boolean>,
    maxMs = 25_000,
  ): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, [CLI, 'monitor', '--interval', '1s'], {
      cwd,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const deadline = Date.now() + maxMs;
    while (Date.now() < deadline && !(await until())) await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    return { code: await exited, stderr };
  }

  beforeAll(async () => {
    writeFileSync(
      join(cwd, 'jobdeck.yaml'),
      `docker:\n  projects: [${project.project}]\nalerts:\n  channels: { console: { enabled: false } }\n`,
    );
    worker = await project.run({
      service: 'worker_wrapper',
      number: 1,
      script: workerScript('idle'),
      stopTimeout: 2,
    });
  });
  afterAll(async () => {
    await project.remove();
  });

  it('a paused monitor leaves a stopped worker alone', async () => {
    expect(runCli(cwd, ['pause', '--for', '1h'], env).code).toBe(0);
    await project.docker.getContainer(worker).kill();
    let seen = 0;
    const r = await monitorUntil(() => Promise.resolve(++seen > 20), 8_000);
    expect(r.stderr).toMatch(/healing paused \(maintenance\)/);
    expect((await state()).running).toBe(false);
    expect(runCli(cwd, ['resume'], env).code).toBe(0);
  });

  it('restarts a stopped worker after 3 failed checks, audited as the monitor', async () => {
    const before = await state();
    expect(before.running).toBe(false);
    const r = await monitorUntil(async () => (await state()).running);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/self-healing on/);
    expect(r.stderr).toMatch(/healing: .*not running for 3 checks.*restarted container/);
    expect((await state()).running).toBe(true);
    const audit = readAudit(join(cwd, 'state', 'jobdeck', 'audit.jsonl'));
    expect(audit.at(-1)).toMatchObject({
      action: 'restart',
      via: 'monitor',
      ok: true,
    });
  });

  it('--passive only alerts', async () => {
    await project.docker.getContainer(worker).kill();
    const child = runCli(cwd, ['monitor', '--once', '--passive'], env);
    expect(child.stderr).toMatch(/self-healing off \(--passive\)/);
    expect((await state()).running).toBe(false);
  });
});
