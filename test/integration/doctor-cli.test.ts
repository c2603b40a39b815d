import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQfieldcloud } from '../helpers/qfieldcloud-fixture.js';
import { requireComponent } from '../helpers/require-component.js';
import { runCli } from '../helpers/run-cli.js';
import { createTestDatabase } from '../helpers/test-database.js';

const cwd = mkdtempSync(join(tmpdir(), 'jobdeck-doctor-'));
// These tests are about the queue: Docker (whatever else runs on the engine) stays out.
writeFileSync(join(cwd, 'jobdeck.yaml'), 'docker: { enabled: false }\n');

describe('jobdeck doctor (real binary, real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const role = `jobdeck_ro_${String(process.pid)}`;

  beforeAll(async () => {
    db = await createTestDatabase('doctor');
    await loadQfieldcloud(db.url, []);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query(`CREATE ROLE ${role} LOGIN`);
    await c.query(`GRANT SELECT ON core_job TO ${role}`);
    await c.end();
  });
  afterAll(async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query(`REVOKE ALL ON core_job FROM ${role}`);
    await c.end();
    await db.drop();
    const admin = new pg.Client({ connectionString: db.url.replace(/\/[^/]*$/, '/postgres') });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('all green on a QFieldCloud database with its own indexes: exit 0', () => {
    const r = runCli(cwd, ['doctor', '--no-color'], { DATABASE_URL: db.url });
    expect(r.stdout).toMatch(/^ok\s+index core_job\.status\s+core_job_status_ce8f16d2$/m);
    expect(r.stdout).toMatch(/^ok\s+index core_job\.created_at\s+core_job_created_at_872a5b75$/m);
    expect(r.stdout).toMatch(/^ok\s+clock skew/m);
    expect(r.code).toBe(0);
  });

  it('a role that cannot UPDATE gets the GRANT to run (exit 1), unless read-only', () => {
    const url = new URL(db.url);
    url.username = role;
    url.password = '';
    const r = runCli(cwd, ['doctor'], { DATABASE_URL: url.toString() });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/WARN\s+write core_job\s+user jobdeck_ro_\d+ cannot UPDATE it/);
    expect(r.stdout).toContain(`fix: GRANT UPDATE ON "core_job" TO "${role}";`);
    expect(runCli(cwd, ['doctor', '--read-only'], { DATABASE_URL: url.toString() }).code).toBe(0);
  });

  it('a missing index gets its CREATE INDEX CONCURRENTLY statement', async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query('DROP INDEX core_job_created_at_872a5b75');
    await c.end();
    const r = runCli(cwd, ['doctor'], { DATABASE_URL: db.url });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'fix: CREATE INDEX CONCURRENTLY IF NOT EXISTS "jobdeck_core_job_created_at" ON "core_job" ("created_at");',
    );
  });

  it('an unreachable database fails with host:port and the fix: exit 2', () => {
    const r = runCli(cwd, ['doctor'], { DATABASE_URL: 'postgres://u:pw123456@127.0.0.1:1/db' });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/FAIL\s+database\s+cannot connect to PostgreSQL at 127\.0\.0\.1:1/);
    expect(r.stdout).not.toContain('pw123456');
  });
});

// A private server needs the redis-server binary, which comes with the Redis CI uses.
const redis = await requireComponent('redis');
if (!redis.available) console.warn(`skipping doctor against Redis: ${redis.reason}`);

describe.skipIf(!redis.available)(
  'jobdeck doctor against Redis (a private redis-server with a password)',
  () => {
    const port = 16_000 + (process.pid % 2000);
    let server: ReturnType<typeof spawn> | null = null;

    beforeAll(async () => {
      server = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--requirepass',
          's3cret-redis',
        ],
        {
          stdio: 'ignore',
        },
      );
      await new Promise((r) => setTimeout(r, 500));
    });
    afterAll(() => {
      server?.kill('SIGTERM');
    });

    it('the right password is ok; a wrong one fails in one line without the password', () => {
      const ok = runCli(cwd, ['doctor'], {
        REDIS_URL: `redis://:s3cret-redis@127.0.0.1:${String(port)}/0`,
      });
      expect(ok.stdout).toMatch(
        /^ok\s+queue\s+redis:\/\/127\.0\.0\.1:\d+\/0: 0 jobs, 0 worker\(s\) online/m,
      );
      const bad = runCli(cwd, ['doctor'], {
        REDIS_URL: `redis://:wrong-pass@127.0.0.1:${String(port)}/0`,
      });
      expect(bad.code).toBe(2);
      expect(bad.stdout).toMatch(/FAIL\s+queue\s+.*(password|auth|WRONGPASS)/i);
      expect(bad.stdout).not.toContain('wrong-pass');
    });
  },
);
