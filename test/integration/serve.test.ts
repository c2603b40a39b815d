import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFingerprint } from '../../src/shared/key-fingerprint.js';
import { DockerTestProject } from '../helpers/docker-test-project.js';
import { jobId, loadQfieldcloud, P1, P2 } from '../helpers/qfieldcloud-fixture.js';
import { requireComponent } from '../helpers/require-component.js';
import { ServeProcess } from '../helpers/serve-process.js';
import { loginError, sshExec, SshTerminal } from '../helpers/ssh-terminal.js';
import { createTestDatabase } from '../helpers/test-database.js';
import { generateEd25519 } from '../../src/serve/generate-ed25519.js';
import { readAudit } from '../helpers/read-audit.js';

/*
 * `jobdeck serve` end to end: the real binary with its SSH server on loopback, real SSH
 * clients (ssh2's, and OpenSSH's `ssh` where it is installed), the real PostgreSQL and
 * Docker engine. A viewer looks and cannot restart; an operator restarts and is audited
 * by key; unknown keys and passwords are refused; resize, five sessions, a dropped one.
 */
const docker = await requireComponent('docker');
const postgres = await requireComponent('postgres');
if (!docker.available) console.warn(docker.reason);
if (!postgres.available) console.warn(postgres.reason);
const openssh = spawnSync('ssh', ['-V'], { stdio: 'ignore' }).status === 0;

interface Key {
  readonly privateKey: string;
  readonly publicLine: string;
  readonly fingerprint: string;
}

function makeKey(comment: string): Key {
  const pair = generateEd25519(comment);
  const parsed = ssh2.utils.parseKey(pair.public);
  if (parsed instanceof Error) throw parsed;
  return {
    privateKey: pair.private,
    publicLine: pair.public,
    fingerprint: keyFingerprint(parsed.getPublicSSH()),
  };
}

describe.skipIf(!docker.available || !postgres.available)('jobdeck serve over SSH', () => {
  const project = new DockerTestProject(DockerTestProject.uniqueName('jdserve'));
  const cwd = mkdtempSync(join(tmpdir(), 'jobdeck-serve-'));
  const auditPath = join(cwd, 'state', 'jobdeck', 'audit.jsonl');
  const viewer = makeKey('alice@laptop');
  const operator = makeKey('bob@desk');
  const stranger = makeKey('eve@nowhere');
  const late = makeKey('carol@tablet');
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let workers: [string, string, string];
  let serve: ServeProcess;

  const startedAt = async (id: string): Promise<string> =>
    (await project.docker.getContainer(id).inspect()).State.StartedAt;
  const as = (key: Key) => ({ port: serve.port, privateKey: key.privateKey });

  beforeAll(async () => {
    db = await createTestDatabase('serve');
    await loadQfieldcloud(db.url, [
      { id: jobId(1), project: P1, status: 'started', created: 3000, started: 2900 },
      { id: jobId(2), project: P2, status: 'pending', created: 30 },
    ]);
    ({ workers } = await project.startQfieldcloud());
    writeFileSync(join(cwd, 'viewers'), `# read-only\n${viewer.publicLine}\n`);
    writeFileSync(join(cwd, 'operators'), `${operator.publicLine}\n`);
    writeFileSync(
      join(cwd, 'jobdeck.yaml'),
      [
        `docker: { projects: [${project.project}] }`,
        'serve:',
        '  access: { viewers: viewers, operators: operators }',
        '',
      ].join('\n'),
    );
    serve = await ServeProcess.start([], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: cwd,
        USER: 'ops',
        DATABASE_URL: db.url,
        XDG_STATE_HOME: join(cwd, 'state'),
        XDG_CONFIG_HOME: join(cwd, 'config'),
        ...(process.env.DOCKER_HOST === undefined ? {} : { DOCKER_HOST: process.env.DOCKER_HOST }),
      },
    });
  }, 60_000);

  afterAll(async () => {
    serve.kill();
    await project.remove();
    await db.drop();
  });

  it('prints the host key fingerprint it generated, mode 600', () => {
    const path = join(cwd, 'state', 'jobdeck', 'serve_host_ed25519_key');
    expect(serve.log).toMatch(
      /host key SHA256:[A-Za-z0-9+/]{43} \(new, in .*serve_host_ed25519_key\)/,
    );
    expect(serve.log).toContain('1 operator key, 1 viewer key');
    const mode = spawnSync('stat', ['-c', '%a', path], { encoding: 'utf8' }).stdout.trim();
    expect(mode).toBe('600');
  });

  it('a viewer sees the queue panel, READ-ONLY, and r restarts nothing', async () => {
    const before = await Promise.all(workers.map(startedAt));
    const session = await SshTerminal.open(as(viewer), { cols: 140, rows: 44 });
    try {
      const screen = await session.waitFor('worker_wrapper-3');
      expect(screen).toContain('Queue');
      await session.waitFor('stuck 1');
      expect(session.recent).toContain('READ-ONLY');
      await new Promise((resolve) => setTimeout(resolve, 300));
      session.press('r');
      await session.waitFor(
        'read-only: cannot restart the selected container: your key (alice@laptop) is a viewer key',
      );
      session.press('c');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(session.recent).not.toContain('type cleanup');
      expect(await Promise.all(workers.map(startedAt))).toEqual(before);
      session.press('q');
      await session.closed;
      expect(session.exit).toBe(0);
    } finally {
      session.end();
    }
  });

  it('an operator restarts the selected worker; the audit line names the key and the address', async () => {
    const [first, second] = workers;
    const before = { first: await startedAt(first), second: await startedAt(second) };
    const session = await SshTerminal.open(as(operator), { cols: 120, rows: 40 });
    try {
      await session.waitFor('worker_wrapper-3');
      expect(session.recent).not.toContain('READ-ONLY');
      session.press('j');
      await new Promise((resolve) => setTimeout(resolve, 300));
      session.press('r');
      await session.waitFor('press y to run it');
      expect(session.recent).toContain(`${project.project}-worker_wrapper-2`);
      session.press('y');
      await session.waitFor('restarted', 30_000);
      expect(await startedAt(second)).not.toBe(before.second);
      expect(await startedAt(first)).toBe(before.first);
      const audit = readAudit(auditPath);
      expect(audit.at(-1)).toMatchObject({
        via: 'serve',
        action: 'restart',
        user: 'bob@desk',
        key: operator.fingerprint,
        from: '127.0.0.1',
        ok: true,
      });
      session.press('q');
      await session.closed;
    } finally {
      session.end();
    }
  });

  it('an operator who drops mid-dialog leaves nothing half-done', async () => {
    const before = await Promise.all(workers.map(startedAt));
    const auditBefore = readFileSync(auditPath, 'utf8');
    const session = await SshTerminal.open(as(operator), { cols: 120, rows: 40 });
    await session.waitFor('worker_wrapper-3');
    session.press('r');
    await session.waitFor('press y to run it');
    session.drop();
    await session.closed;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await Promise.all(workers.map(startedAt))).toEqual(before);
    expect(readFileSync(auditPath, 'utf8')).toBe(auditBefore);
  });

  it('refuses an unknown key, a password and keyboard-interactive, naming no file', async () => {
    expect(await loginError(as(stranger))).toMatch(/authentication methods failed/);
    expect(await loginError({ port: serve.port, password: 'hunter2' })).toMatch(
      /authentication methods failed/,
    );
    expect(await loginError({ port: serve.port, password: 'x', tryKeyboard: true })).toMatch(
      /authentication methods failed/,
    );
    expect(serve.log).toContain('refused an unknown ssh-ed25519 key from 127.0.0.1');
    if (openssh) {
      const file = join(cwd, 'eve');
      writeFileSync(file, stranger.privateKey, { mode: 0o600 });
      chmodSync(file, 0o600);
      const run = spawnSync(
        'ssh',
        [
          ...['-p', String(serve.port), '-i', file, '-o', 'BatchMode=yes'],
          ...['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null'],
          ...['-o', 'IdentitiesOnly=yes', 'eve@127.0.0.1', 'status'],
        ],
        { encoding: 'utf8', timeout: 20_000 },
      );
      expect(run.status).toBe(255);
      expect(run.stderr).toContain('Permission denied (publickey)');
      expect(run.stderr).not.toMatch(/viewers|operators/);
    }
  });

  it('resizing the terminal changes the layout', async () => {
    const session = await SshTerminal.open(as(viewer), { cols: 140, rows: 44 });
    try {
      await session.waitFor('worker_wrapper-3');
      session.resize(50, 12);
      await session.waitFor('terminal too small (need');
      expect(session.recent).toContain('have 50×12');
      session.resize(140, 44);
      await session.waitFor('worker_wrapper-3');
    } finally {
      session.end();
    }
  });

  it('five sessions at once each render; dropping one leaves the others running', async () => {
    const sessions = await Promise.all(
      [viewer, viewer, operator, viewer, operator].map((k) =>
        SshTerminal.open(as(k), { cols: 120, rows: 40 }),
      ),
    );
    try {
      await Promise.all(sessions.map((s) => s.waitFor('worker_wrapper-3')));
      sessions[0]?.drop();
      await sessions[0]?.closed;
      const rest = sessions.slice(1);
      // Each of the others still answers its own keys.
      for (const s of rest) {
        s.press('?');
        await s.waitFor('show this help');
      }
      expect(serve.log).toContain('session ended: alice@laptop from 127.0.0.1');
    } finally {
      for (const s of sessions) s.end();
    }
  });

  it('exec runs only the read-only commands, from the shared reading', async () => {
    const json = await sshExec(as(viewer), 'status --json');
    const report = JSON.parse(json.stdout) as { exitCode: number; queue: { ok: boolean } };
    expect(report.queue.ok).toBe(true);
    expect(json.code).toBe(report.exitCode);
    const once = await sshExec(as(operator), 'watch --once');
    expect(once.stdout).toContain('jobdeck');
    expect(once.stdout).not.toContain('\u001b');
    const refused = await sshExec(as(operator), 'restart worker_wrapper');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('only status, status --json, watch --once run here');
  });

  it('a shell without a pty streams the watch lines', async () => {
    const session = await SshTerminal.open(as(viewer), { cols: 80, rows: 24 }, { pty: false });
    try {
      await session.waitFor(/workers\s+\d\/\d/);
      expect(session.output).not.toContain('\u001b[?1049h');
    } finally {
      session.end();
    }
  });

  it('SIGHUP reloads the access files without dropping a session', async () => {
    const open = await SshTerminal.open(as(viewer), { cols: 120, rows: 40 });
    try {
      await open.waitFor('worker_wrapper-3');
      expect(await loginError(as(late))).toMatch(/authentication methods failed/);
      appendFileSync(join(cwd, 'viewers'), `${late.publicLine}\n`);
      serve.signal('SIGHUP');
      const deadline = Date.now() + 10_000;
      while (!serve.log.includes('access files reloaded: 1 operator key, 2 viewer keys')) {
        if (Date.now() > deadline) throw new Error(`no reload line:\n${serve.log}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const status = await sshExec(as(late), 'status');
      expect(status.stdout).toContain('OVERALL');
      open.press('?');
      await open.waitFor('show this help');
    } finally {
      open.end();
    }
  });

  it('SIGTERM says goodbye to every session and exits 0', async () => {
    const sessions = await Promise.all(
      [viewer, operator].map((k) => SshTerminal.open(as(k), { cols: 120, rows: 40 })),
    );
    await Promise.all(sessions.map((s) => s.waitFor('worker_wrapper-3')));
    for (const s of sessions) s.markNow();
    serve.signal('SIGTERM');
    for (const s of sessions) {
      await s.waitFor('jobdeck serve is stopping (SIGTERM); goodbye');
      await s.closed;
    }
    expect(await serve.exited).toBe(0);
  });
});
