import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobId, loadQfieldcloud, P1, P2, P3 } from '../helpers/qfieldcloud-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { createTestDatabase } from '../helpers/test-database.js';

const cwd = mkdtempSync(join(tmpdir(), 'jobdeck-cleanup-'));
// These tests are about the queue: Docker (whatever else runs on the engine) stays out.
writeFileSync(join(cwd, 'jobdeck.yaml'), 'docker: { enabled: false }\n');
const auditPath = join(cwd, 'xdg-state', 'jobdeck', 'audit.jsonl');

describe('jobdeck cleanup (real binary, real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;
  const statuses = async (): Promise<Record<string, string>> => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const r = await c.query<{ id: string; status: string }>(
      'SELECT id::text, status FROM core_job ORDER BY id',
    );
    await c.end();
    return Object.fromEntries(r.rows.map((row) => [row.id, row.status]));
  };

  beforeAll(async () => {
    db = await createTestDatabase('cleanup');
    await loadQfieldcloud(db.url, [
      { id: jobId(1), project: P1, status: 'started', created: 2000, started: 1900 },
      { id: jobId(2), project: P2, status: 'queued', created: 900 },
      { id: jobId(3), project: P3, status: 'started', created: 100, started: 90 },
      { id: jobId(4), project: P3, status: 'pending', created: 50 },
    ]);
    env = { DATABASE_URL: db.url, SSH_CLIENT: '203.0.113.7 52100 22', USER: 'ops' };
  });
  afterAll(async () => {
    await db.drop();
  });

  it('--dry-run shows the exact jobs and the statement, and changes nothing', async () => {
    const before = await statuses();
    const r = runCli(cwd, ['cleanup', '--dry-run'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mark 2 stuck jobs failed .*nothing is deleted \(oldest 31m/);
    expect(r.stdout).toContain(jobId(1));
    expect(r.stdout).toContain(jobId(2));
    expect(r.stdout).not.toContain(jobId(3));
    expect(r.stdout).toMatch(/statement: UPDATE "core_job" SET/);
    expect(r.stdout).toMatch(/dry run: nothing changed/);
    expect(await statuses()).toEqual(before);
    expect(existsSync(auditPath)).toBe(false);
  });

  it('refuses without a terminal unless --yes, and in read-only mode', async () => {
    const noTty = runCli(cwd, ['cleanup'], env, '');
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toMatch(/pass --yes to confirm/);
    const ro = runCli(cwd, ['cleanup', '--yes', '--read-only'], env);
    expect(ro.code).toBe(1);
    expect(ro.stderr).toMatch(/read-only mode: cleanup is disabled/);
    expect((await statuses())[jobId(1)]).toBe('started');
  });

  it('--yes marks exactly the stuck jobs failed and writes one audit line', async () => {
    const r = runCli(cwd, ['cleanup', '--yes'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/marked 2 jobs failed/);
    expect(await statuses()).toEqual({
      [jobId(1)]: 'failed',
      [jobId(2)]: 'failed',
      [jobId(3)]: 'started',
      [jobId(4)]: 'pending',
    });
    const lines = readFileSync(auditPath, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(entry).toMatchObject({
      user: 'ops',
      from: '203.0.113.7',
      via: 'cli',
      action: 'cleanup-stuck',
      ok: true,
      result: 'marked 2 jobs failed',
    });
    expect(String(entry.target)).not.toMatch(/:[^@/]*@/); // no password in the target
  });

  it('nothing left to do says so and audits nothing', () => {
    const r = runCli(cwd, ['cleanup', '--yes'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no stuck jobs to clean up/);
    expect(readFileSync(auditPath, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
