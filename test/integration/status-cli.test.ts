import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusReportSchema } from '../../src/app/status/status-report.js';
import { jobId, loadQfieldcloud, P1, P2, P3 } from '../helpers/qfieldcloud-fixture.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { createTestDatabase } from '../helpers/test-database.js';

const cwd = mkdtempSync(join(tmpdir(), 'jobdeck-cli-'));
// These tests are about the queue: Docker (whatever else runs on the engine) stays out.
writeFileSync(join(cwd, 'jobdeck.yaml'), 'docker: { enabled: false }\n');
const jobdeck = (args: string[], env: Record<string, string> = {}): CliRun =>
  runCli(cwd, args, env);

describe('jobdeck status (real binary, real PostgreSQL)', () => {
  let healthy: Awaited<ReturnType<typeof createTestDatabase>>;
  let stuck: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    healthy = await createTestDatabase('cli_ok');
    await loadQfieldcloud(healthy.url, [
      { id: jobId(1), project: P1, status: 'pending', created: 5 },
      { id: jobId(2), project: P2, status: 'started', created: 30, started: 20 },
      { id: jobId(3), project: P2, status: 'finished', created: 900, started: 890, finished: 800 },
    ]);
    stuck = await createTestDatabase('cli_stuck');
    await loadQfieldcloud(stuck.url, [
      { id: jobId(1), project: P3, status: 'queued', created: 900 },
      { id: jobId(2), project: P2, status: 'finished', created: 900, started: 890, finished: 800 },
    ]);
  });
  afterAll(async () => {
    await healthy.drop();
    await stuck.drop();
  });

  it('--json validates against the documented schema and matches hand-written SQL', async () => {
    const r = jobdeck(['status', '--json'], { DATABASE_URL: healthy.url });
    expect(r.stderr).toBe('');
    const report = statusReportSchema.parse(JSON.parse(r.stdout));
    expect(report.verdict).toBe('OPERATIONAL');
    expect(r.code).toBe(0);
    const c = new pg.Client({ connectionString: healthy.url });
    await c.connect();
    const sql = await c.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM core_job GROUP BY status',
    );
    await c.end();
    if (report.queue?.ok !== true) throw new Error('queue section missing');
    expect(report.queue.counts).toEqual(
      Object.fromEntries(sql.rows.map((row) => [row.status, Number(row.n)])),
    );
    expect(report.queue.window.succeeded).toBe(1);
    expect(report.queue.running.map((j) => j.id)).toEqual([jobId(2)]);
  });

  it('exit 1 when degraded: a queued job that never started is stuck and blocks its project', () => {
    const r = jobdeck(['status', '--no-color'], { DATABASE_URL: stuck.url });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/OVERALL\s+DEGRADED/);
    expect(r.stdout).toMatch(/STUCK \(1\)/);
    expect(r.stdout).toContain(jobId(1));
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('exit 2 with one clear line when the database cannot be reached, password redacted', () => {
    const r = jobdeck(['status'], {
      DATABASE_URL: 'postgres://qfc:s3cretpass@127.0.0.1:1/qfieldcloud_db',
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/OVERALL\s+DOWN/);
    expect(r.stderr).toMatch(
      /^jobdeck: nothing could be reached \(database: .*127\.0\.0\.1:1.*\)\n$/,
    );
    expect(r.stdout + r.stderr).not.toContain('s3cretpass');
  });

  it('exit 2 when nothing is configured, and for a bad config field', () => {
    const none = jobdeck(['status']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/nothing to check: set DATABASE_URL/);
    const file = join(cwd, 'bad.yaml');
    writeFileSync(file, 'thresholds:\n  queueDepthWarn: lots\n');
    const bad = jobdeck(['status', '--config', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      `jobdeck: ${file}: thresholds.queueDepthWarn: got "lots", expected number`,
    );
  });

  it('--version and --help exit 0; an unknown option exits 2', () => {
    expect(jobdeck(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(jobdeck(['--help']).code).toBe(0);
    expect(jobdeck(['status', '--bogus']).code).toBe(2);
  });

  it('a file with several targets: status reports every one, exit code of the worst; --target narrows', () => {
    const fleet = mkdtempSync(join(tmpdir(), 'jobdeck-cli-targets-'));
    writeFileSync(
      join(fleet, 'jobdeck.yaml'),
      [
        'docker: { enabled: false }',
        'targets:',
        '  east:',
        '    queue: { preset: qfieldcloud, urlEnv: EAST_URL }',
        '  west:',
        '    queue: { preset: qfieldcloud, urlEnv: WEST_URL }',
        '',
      ].join('\n'),
    );
    const env = { EAST_URL: healthy.url, WEST_URL: stuck.url };
    const json = runCli(fleet, ['status', '--json'], env);
    expect(json.stderr).toBe('');
    const all = JSON.parse(json.stdout) as { exitCode: number; targets: unknown[] };
    const reports = all.targets.map((t) => statusReportSchema.parse(t));
    expect(reports.map((r) => [r.target, r.verdict])).toEqual([
      ['east', 'OPERATIONAL'],
      ['west', 'DEGRADED'],
    ]);
    expect(all.exitCode).toBe(1);
    expect(json.code).toBe(1);

    const text = runCli(fleet, ['status', '--no-color'], env);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /target east[\s\S]*OVERALL\s+OPERATIONAL[\s\S]*target west[\s\S]*OVERALL\s+DEGRADED/,
    );

    const east = runCli(fleet, ['status', '--json', '--target', 'east'], env);
    expect(statusReportSchema.parse(JSON.parse(east.stdout)).target).toBe('east');
    expect(east.code).toBe(0);
    const west = runCli(fleet, ['status', '--no-color'], { ...env, JOBDECK_TARGET: 'west' });
    expect(west.stdout).not.toContain('target east');
    expect(west.code).toBe(1);
  });
});
