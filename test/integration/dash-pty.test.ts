import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerTestProject } from '../helpers/docker-test-project.js';
import { jobId, loadQfieldcloud, P1, P2 } from '../helpers/qfieldcloud-fixture.js';
import { requireComponent } from '../helpers/require-component.js';
import { CLI, runCli } from '../helpers/run-cli.js';
import { createTestDatabase } from '../helpers/test-database.js';
import { PtySession, ptyAvailable } from '../ui/helpers/pty-session.js';
import { readAudit } from '../helpers/read-audit.js';

/*
 * The dashboard end to end: the real binary in a real pseudo-terminal, against the real
 * PostgreSQL and Docker engine. Select a worker, r, y: the container restarts (its
 * StartedAt changes) and the audit log has the line; c + typed word: the stuck job is
 * failed; q: exit 0 with the terminal restored.
 */
const docker = await requireComponent('docker');
const postgres = await requireComponent('postgres');
const pty = ptyAvailable();
if (!docker.available) console.warn(docker.reason);
if (!postgres.available) console.warn(postgres.reason);
if (!pty) {
  const reason = 'dashboard e2e: python3 with the pty module is needed for a pseudo-terminal';
  if (process.env.CI === 'true') throw new Error(reason);
  console.warn(reason);
}

const LEAVE_ALTERNATE_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

describe.skipIf(!docker.available || !postgres.available || !pty)('jobdeck dash in a pty', () => {
  const project = new DockerTestProject(DockerTestProject.uniqueName('jddash'));
  const cwd = mkdtempSync(join(tmpdir(), 'jobdeck-dash-'));
  const auditPath = join(cwd, 'state', 'jobdeck', 'audit.jsonl');
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let workers: [string, string, string];
  let env: Record<string, string>;

  const startedAt = async (id: string): Promise<string> =>
    (await project.docker.getContainer(id).inspect()).State.StartedAt;
  const jobStatus = async (id: string): Promise<string | undefined> => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const r = await c.query<{ status: string }>('SELECT status FROM core_job WHERE id = $1', [
        id,
      ]);
      return r.rows[0]?.status;
    } finally {
      await c.end();
    }
  };
  const dashboard = (...flags: string[]): PtySession =>
    new PtySession([process.execPath, CLI, ...flags], { cols: 120, rows: 40, env, cwd });

  beforeAll(async () => {
    db = await createTestDatabase('dash');
    await loadQfieldcloud(db.url, [
      // Started long ago: past QFieldCloud's job timeout, so stuck.
      { id: jobId(1), project: P1, status: 'started', created: 3000, started: 2900 },
      { id: jobId(2), project: P2, status: 'pending', created: 30 },
    ]);
    ({ workers } = await project.startQfieldcloud());
    writeFileSync(join(cwd, 'jobdeck.yaml'), `docker: { projects: [${project.project}] }\n`);
    env = {
      PATH: process.env.PATH ?? '',
      HOME: cwd,
      USER: 'ops',
      SSH_CLIENT: '203.0.113.7 52100 22',
      DATABASE_URL: db.url,
      XDG_STATE_HOME: join(cwd, 'state'),
      XDG_CONFIG_HOME: join(cwd, 'config'),
      ...(process.env.DOCKER_HOST === undefined ? {} : { DOCKER_HOST: process.env.DOCKER_HOST }),
    };
  });

  afterAll(async () => {
    await project.remove();
    await db.drop();
  });

  it('r, y on the selected worker restarts that container and audits it; q restores the terminal', async () => {
    const [first, second] = workers;
    const before = { first: await startedAt(first), second: await startedAt(second) };
    const session = dashboard();
    try {
      await session.waitFor('worker_wrapper-3');
      session.press('j');
      await new Promise((resolve) => setTimeout(resolve, 300));
      session.press('r');
      await session.waitFor('press y to run it');
      expect(session.output).toContain(`${project.project}-worker_wrapper-2`);
      session.press('y');
      await session.waitFor('restarted');
      expect(await startedAt(second)).not.toBe(before.second);
      expect(await startedAt(first)).toBe(before.first);
      const audit = readAudit(auditPath);
      expect(audit.at(-1)).toMatchObject({
        via: 'dashboard',
        action: 'restart',
        user: 'ops',
        from: '203.0.113.7',
        ok: true,
      });
      session.press('q');
      expect(await session.exited).toBe(0);
      const tail = session.output.slice(-200);
      expect(tail).toContain(LEAVE_ALTERNATE_SCREEN);
      expect(tail).toContain(SHOW_CURSOR);
    } finally {
      session.kill();
    }
  });

  it('c shows the stuck job and runs only after the typed word', async () => {
    const session = dashboard();
    try {
      await session.waitFor('stuck 1');
      session.press('c');
      await session.waitFor('type cleanup and press Enter');
      session.press('y\r');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await jobStatus(jobId(1))).toBe('started');
      session.press('\u007f\u001b');
      await session.waitFor('cancelled');
      session.press('c');
      await session.waitFor('type cleanup and press Enter');
      session.press('cleanup');
      await session.waitFor('cleanup▌');
      session.press('\r');
      await session.waitFor('marked 1 job failed');
      expect(await jobStatus(jobId(1))).toBe('failed');
      expect(await jobStatus(jobId(2))).toBe('pending');
      session.press('q');
      expect(await session.exited).toBe(0);
    } finally {
      session.kill();
    }
  });

  it('--read-only shows the badge, binds no action key and restarts nothing', async () => {
    const [first] = workers;
    const before = await startedAt(first);
    const session = dashboard('--read-only');
    try {
      await session.waitFor('READ-ONLY');
      session.press('r');
      await new Promise((resolve) => setTimeout(resolve, 500));
      session.press('?');
      await session.waitFor('show this help');
      // Not in the key list (the flash line may say why r did nothing, not the help).
      expect(session.output.slice(-4000)).not.toMatch(/\br\s{2,}restart the selected container/);
      // Esc and q in one write would read as Meta-q: let the help close first.
      session.press('\u001b');
      await session.waitFor('Workers');
      session.press('q');
      expect(await session.exited).toBe(0);
      expect(await startedAt(first)).toBe(before);
      const audit = existsSync(auditPath) ? readFileSync(auditPath, 'utf8') : '';
      expect(audit).not.toContain(`"target":"container ${first}"`);
    } finally {
      session.kill();
    }
  });

  it('without a terminal it says so and exits 2', () => {
    const run = runCli(cwd, ['dash'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no terminal: use `ssh -t` or `jobdeck status`');
  });
});
