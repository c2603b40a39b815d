import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpReceiver, type HttpReceiver } from '../helpers/alert-http-receiver.js';
import { jobId, loadQfieldcloud, P1, P2 } from '../helpers/qfieldcloud-fixture.js';
import { runCli, runCliAsync } from '../helpers/run-cli.js';
import { createTestDatabase } from '../helpers/test-database.js';

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
