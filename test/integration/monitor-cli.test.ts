import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silenceFiringAction } from '../../src/actions/silence-firing-action.js';
import { startHttpReceiver, type HttpReceiver } from '../helpers/alert-http-receiver.js';
import { jobId, loadQfieldcloud, P1, P2 } from '../helpers/qfieldcloud-fixture.js';
import { CLI, runCli, runCliAsync } from '../helpers/run-cli.js';
import { createTestDatabase } from '../helpers/test-database.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
  });
}

const cwd = mkdtempSync(join(tmpdir(), 'jobdeck-monitor-'));
// About the queue's alerts: Docker (whatever else runs on the engine) stays out.
writeFileSync(join(cwd, 'jobdeck.yaml'), 'docker: { enabled: false }\n');

describe('jobdeck alert and monitor (real binary, real PostgreSQL, a real webhook receiver)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let receiver: HttpReceiver;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('monitor');
    await loadQfieldcloud(db.url, [
      { id: jobId(1), project: P1, status: 'started', created: 2000, started: 1900 },
      { id: jobId(2), project: P2, status: 'finished', created: 900, started: 890, finished: 800 },
    ]);
    // The first two deliveries fail: the channel must retry.
    receiver = await startHttpReceiver((n, _req, res) => {
      res.statusCode = n <= 2 ? 503 : 200;
      res.end();
    });
    env = { DATABASE_URL: db.url, ALERT_WEBHOOK_URL: receiver.url };
  });
  afterAll(async () => {
    await receiver.close();
    await db.drop();
  });

  it('alert --test reaches the webhook after retrying, and reports every channel', async () => {
    const r = await runCliAsync(cwd, ['alert', '--test'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok\s+webhook .*\(\d+ ms, 3 attempts\)$/m);
    expect(r.stdout).toMatch(/^ok\s+log /m);
    expect(receiver.requests).toHaveLength(3);
    const body = JSON.parse(receiver.requests[2]?.body ?? '{}') as { text?: string };
    expect(body.text).toMatch(/test alert from jobdeck/);
  });

  it('monitor notifies a stuck job once; a restarted monitor inside the cooldown does not repeat it', async () => {
    const before = receiver.requests.length;
    const first = await runCliAsync(cwd, ['monitor', '--once'], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/check 1: verdict DEGRADED, 1 alert\(s\) firing: job-stuck/);
    expect(receiver.requests.length).toBe(before + 1);
    expect(receiver.requests.at(-1)?.body).toMatch(/stuck/);
    const second = await runCliAsync(cwd, ['monitor', '--once'], env);
    expect(second.code).toBe(0);
    expect(receiver.requests.length).toBe(before + 1);
  });

  it('monitor --metrics-listen serves Prometheus metrics that parse', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        CLI,
        'monitor',
        '--interval',
        '1s',
        '--passive',
        '--metrics-listen',
        `127.0.0.1:${String(port)}`,
      ],
      {
        cwd,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: cwd,
          XDG_STATE_HOME: join(cwd, 'xdg-state'),
          ...env,
        },
        stdio: 'ignore',
      },
    );
    try {
      let body = '';
      for (let i = 0; i < 40 && !body.includes('jobdeck_queue_jobs{'); i++) {
        await new Promise((r) => setTimeout(r, 250));
        body = await fetch(`http://127.0.0.1:${String(port)}/metrics`).then(
          (r) => r.text(),
          () => '',
        );
      }
      const samples = new Map(
        body
          .split('\n')
          .filter((line) => line !== '' && !line.startsWith('#'))
          .map((line) => [
            line.slice(0, line.lastIndexOf(' ')),
            Number(line.slice(line.lastIndexOf(' ') + 1)),
          ]),
      );
      expect(samples.get('jobdeck_queue_jobs{status="started",target="default"}')).toBe(1);
      expect(samples.get('jobdeck_queue_stuck_jobs{target="default"}')).toBe(1);
      expect(
        samples.get('jobdeck_alerts_firing{rule="job-stuck",severity="warning",target="default"}'),
      ).toBe(1);
      expect(samples.get('jobdeck_verdict{target="default"}')).toBe(1);
      // Every series names its target.
      expect([...samples.keys()].every((k) => k.includes('target="default"'))).toBe(true);
      expect([...samples.values()].every((v) => Number.isFinite(v))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('a silence survives and alert --show-config redacts the webhook URL', () => {
    expect(runCli(cwd, ['silence', 'job-stuck', '--for', '2h'], env).code).toBe(0);
    const list = runCli(cwd, ['silence', '--list'], env);
    expect(list.stdout).toMatch(/job-stuck\s+(1h59m|2h) left/);
    const shown = runCli(cwd, ['alert', '--show-config'], env);
    expect(shown.stdout).toMatch(/webhook\s+on/);
    expect(shown.stdout).not.toContain(receiver.url);
    expect(shown.stdout).toMatch(/silences?:[\s\S]*job-stuck/);
  });
});

describe("the dashboard's silence key, on the monitor's real state file", () => {
  it('names the firing rules, silences them for an hour, and is empty when nothing fires', async () => {
    const path = join(cwd, 'xdg-state', 'jobdeck', 'state.db');
    const action = silenceFiringAction(path, 3_600_000, 'ops@203.0.113.7');
    const preview = await action.preview();
    expect(preview.summary).toBe('silence job-stuck for 1h');
    const result = await action.run(preview.plan);
    expect(result).toMatchObject({ ok: true, summary: 'silenced job-stuck for 1h' });
    const listed = runCli(cwd, ['silence', '--list']);
    expect(listed.stdout).toMatch(/job-stuck\s+(59m\d*s?|1h) left\s+from the dashboard/);
    const none = await silenceFiringAction(join(cwd, 'nowhere.db'), 60_000, 'ops').preview();
    expect(none.empty).toBe(true);
  });
});

describe('several targets keep their own monitor state', () => {
  it('a silence and the alert state of one target are not seen by another', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobdeck-targets-state-'));
    writeFileSync(
      join(dir, 'jobdeck.yaml'),
      [
        'docker: { enabled: false }',
        'targets:',
        '  vps1: { probes: [{ kind: tcp, name: a, host: 127.0.0.1, port: 9 }] }',
        '  vps2: { probes: [{ kind: tcp, name: b, host: 127.0.0.1, port: 9 }] }',
        '',
      ].join('\n'),
    );
    expect(runCli(dir, ['silence', 'api-readiness', '--for', '1h', '--target', 'vps2']).code).toBe(
      0,
    );
    expect(existsSync(join(dir, 'xdg-state', 'jobdeck', 'state-vps2.db'))).toBe(true);
    expect(runCli(dir, ['silence', '--list', '--target', 'vps2']).stdout).toMatch(/api-readiness/);
    // The file's first target, and the other one: no silence there.
    expect(runCli(dir, ['silence', '--list']).stdout).toBe('no silences\n');
    expect(runCli(dir, ['silence', '--list', '--target', 'vps1']).stdout).toBe('no silences\n');
    expect(existsSync(join(dir, 'xdg-state', 'jobdeck', 'state.db'))).toBe(false);
  });
});
