import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusReportSchema } from '../../src/app/status/status-report.js';
import { runCli } from '../helpers/run-cli.js';
import {
  createPrismqDatabase,
  insertTask,
  insertWorker,
  prismqQueueMetrics,
  sqliteTempDir,
} from '../helpers/sqlite-prismq.js';

describe('jobdeck status and cleanup on an SQLite queue (real binary, real file)', () => {
  const dir = sqliteTempDir();
  const file = dir.file('queue.db');
  const env = { DATABASE_URL: `sqlite://${file}` };
  let expected: ReturnType<typeof prismqQueueMetrics>;

  beforeAll(() => {
    // About the queue: Docker (whatever else runs on the engine) stays out.
    writeFileSync(join(dir.path, 'jobdeck.yaml'), 'docker: { enabled: false }\n');
    const db = createPrismqDatabase(file);
    insertWorker(db, 'w-live', 5);
    insertWorker(db, 'w-gone', 900);
    insertTask(db, { type: 'render', status: 'queued', created: 120 });
    insertTask(db, { type: 'encode', status: 'queued', created: 30 });
    insertTask(db, {
      type: 'render',
      status: 'leased',
      created: 100,
      reserved: 90,
      worker: 'w-live',
      leaseIn: 60,
    });
    insertTask(db, {
      type: 'render',
      status: 'leased',
      created: 100,
      reserved: 95,
      worker: 'w-gone',
      leaseIn: -500,
    });
    insertTask(db, {
      type: 'render',
      status: 'completed',
      created: 600,
      reserved: 590,
      finished: 500,
      worker: 'w-live',
    });
    insertTask(db, {
      type: 'encode',
      status: 'failed',
      created: 600,
      reserved: 590,
      finished: 400,
      worker: 'w-live',
      error: 'boom',
    });
    expected = prismqQueueMetrics(db);
    db.close();
  });
  afterAll(() => {
    dir.remove();
  });

  it("DATABASE_URL=sqlite:///… needs no preset; --json matches PrismQ's own metrics", () => {
    const r = runCli(dir.path, ['status', '--json'], env);
    const report = statusReportSchema.parse(JSON.parse(r.stdout));
    if (report.queue?.ok !== true) throw new Error(`queue: ${r.stdout}${r.stderr}`);
    expect(report.queue.preset).toBe('sqlite');
    expect(report.queue.counts).toEqual(expected.queue_depth_by_status);
    expect(report.queue.waiting).toBe(2);
    expect(report.queue.inFlight).toBe(2);
    expect(report.queue.workers?.map((w) => [w.id, w.state])).toEqual([
      ['w-gone', 'dead'],
      ['w-live', 'active'],
    ]);
    // A worker is dead: the readiness verdict says so, and the exit code follows it.
    expect(report.verdict).toBe('DEGRADED');
    expect(r.code).toBe(1);
  });

  it("cleanup --kind dead-workers marks the dead worker's task failed, never deletes", () => {
    const dry = runCli(dir.path, ['cleanup', '--kind', 'dead-workers', '--dry-run'], env);
    expect(dry.stdout).toMatch(/mark 1 /);
    const r = runCli(dir.path, ['cleanup', '--kind', 'dead-workers', '--yes'], env);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/marked 1 job failed/);
    const after = statusReportSchema.parse(
      JSON.parse(runCli(dir.path, ['status', '--json'], env).stdout),
    );
    if (after.queue?.ok !== true) throw new Error('queue unreadable');
    expect(after.queue.counts).toEqual({ queued: 2, leased: 1, completed: 1, failed: 2 });
    expect(after.queue.total).toBe(6);
  });
});
