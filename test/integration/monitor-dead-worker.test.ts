import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import {
  createPrismqDatabase,
  insertTask,
  insertWorker,
  sqliteTempDir,
} from '../helpers/sqlite-prismq.js';

describe('jobdeck monitor fails the jobs of a dead worker, and only those (real SQLite queue)', () => {
  const dir = sqliteTempDir();
  const file = dir.file('queue.db');
  afterAll(() => {
    dir.remove();
  });

  it('a worker silent for 15 min loses its task; a live worker’s long task is never touched', () => {
    writeFileSync(join(dir.path, 'jobdeck.yaml'), 'docker: { enabled: false }\n');
    const db = createPrismqDatabase(file);
    insertWorker(db, 'w-dead', 900);
    insertWorker(db, 'w-live', 5);
    const orphan = insertTask(db, {
      type: 'render',
      status: 'leased',
      created: 1000,
      reserved: 950,
      worker: 'w-dead',
      leaseIn: -600,
    });
    // Long, but its worker beats: elapsed time alone is no proof of death.
    const long = insertTask(db, {
      type: 'render',
      status: 'leased',
      created: 7200,
      reserved: 7000,
      worker: 'w-live',
      leaseIn: 600,
    });
    const waiting = insertTask(db, { type: 'encode', status: 'queued', created: 30 });
    db.close();

    const r = runCli(dir.path, ['monitor', '--once'], {
      DATABASE_URL: `sqlite://${file}`,
      USER: 'ops',
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /healing: jobs held by workers whose heartbeat stopped: marked 1 job failed/,
    );

    const check = new DatabaseSync(file, { readOnly: true });
    const status = (id: number): unknown =>
      check.prepare('SELECT status FROM task_queue WHERE id = ?').get(id)?.status;
    expect([status(orphan), status(long), status(waiting)]).toEqual(['failed', 'leased', 'queued']);
    check.close();
  });
});
