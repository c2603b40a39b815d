import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { dequeueJob } from '../../src/demo/dequeue-job.js';
import { DEMO_CATALOG } from '../../src/demo/demo-catalog.js';
import { loadSchema } from '../../src/demo/load-schema.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { createTestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
let admin: pg.Client;

const WORKERS = 6;
const PROJECTS = DEMO_CATALOG.projects.slice(0, 8);
const JOBS_PER_PROJECT = 8;
// The catalog is a const tuple, so these are known to exist.
const lockedProject = DEMO_CATALOG.projects[8];
const busyProject = DEMO_CATALOG.projects[9];

/** Undo steps, newest first, for whatever beforeAll managed to set up. */
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  db = await createTestDatabase('dequeue');
  cleanups.unshift(() => db.drop());
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  cleanups.unshift(() => admin.end());
  await loadSchema(admin);
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function insertPending(projectId: string, count: number, offsetMs: number): Promise<void> {
  // Interleaved, strictly increasing created_at: the order dequeue must follow.
  await admin.query(
    `INSERT INTO core_job (id, created_at, updated_at, project_id, type, status, created_by_id,
                           container_id, triggered_by_id)
     SELECT gen_random_uuid(), t, t, $1, 'delta_apply', 'pending', 1, '', 1
       FROM generate_series(0, $2 - 1) AS i,
            LATERAL (SELECT now() - interval '1 hour' + make_interval(secs => i * 10 + $3 / 1000.0)) AS x(t)`,
    [projectId, count, offsetMs],
  );
}

it('hands each job to exactly one of many concurrent replicas, one project job at a time, oldest first', async () => {
  for (const [index, project] of PROJECTS.entries()) {
    await insertPending(project.id, JOBS_PER_PROJECT, index * 100);
  }
  await insertPending(lockedProject.id, 3, 50);
  await admin.query('UPDATE core_project SET locked_at = now() WHERE id = $1', [lockedProject.id]);
  await insertPending(busyProject.id, 3, 75);
  await admin.query(
    `UPDATE core_job SET status = 'started', started_at = now()
      WHERE id = (SELECT id FROM core_job WHERE project_id = $1 ORDER BY created_at LIMIT 1)`,
    [busyProject.id],
  );

  const expected = PROJECTS.length * JOBS_PER_PROJECT;
  const taken: { id: string; projectId: string }[] = [];
  const active = new Map<string, string>();
  const violations: string[] = [];

  const replica = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const deadline = Date.now() + 20_000;
      while (taken.length < expected && Date.now() < deadline) {
        let job;
        try {
          job = await dequeueJob(client);
        } catch (error) {
          // REPEATABLE READ: another replica changed our pick after our snapshot. Retry,
          // as upstream's loop (restarted by Docker) would.
          if ((error as { code?: string }).code !== '40001') throw error;
          continue;
        }
        if (job === null) {
          await new Promise((resolve) => setTimeout(resolve, 2));
          continue;
        }
        taken.push({ id: job.id, projectId: job.projectId });
        const holder = active.get(job.projectId);
        if (holder !== undefined) violations.push(`${job.projectId}: ${holder} and ${job.id}`);
        active.set(job.projectId, job.id);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
        // Leave the project before the row is finished: whoever sees it finished may
        // take the project's next job at once.
        active.delete(job.projectId);
        await client.query(
          "UPDATE core_job SET status = 'finished', started_at = now(), finished_at = now() WHERE id = $1",
          [job.id],
        );
      }
    } finally {
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, replica));

  expect(violations).toEqual([]);
  expect(taken).toHaveLength(expected);
  expect(new Set(taken.map((t) => t.id)).size).toBe(expected);

  const order = await admin.query<{ id: string; project_id: string }>(
    'SELECT id, project_id FROM core_job ORDER BY created_at',
  );
  for (const project of PROJECTS) {
    const inCreationOrder = order.rows.filter((r) => r.project_id === project.id).map((r) => r.id);
    const inDequeueOrder = taken.filter((t) => t.projectId === project.id).map((t) => t.id);
    expect(inDequeueOrder).toEqual(inCreationOrder);
  }

  const left = await admin.query<{ project_id: string; status: string; n: number }>(
    `SELECT project_id, status, count(*)::int AS n FROM core_job
      WHERE project_id = ANY($1) GROUP BY project_id, status ORDER BY project_id, status`,
    [[lockedProject.id, busyProject.id]],
  );
  // A locked project and a project with a running job are skipped entirely.
  expect(left.rows).toHaveLength(3);
  expect(left.rows).toEqual(
    expect.arrayContaining([
      { project_id: lockedProject.id, status: 'pending', n: 3 },
      { project_id: busyProject.id, status: 'pending', n: 2 },
      { project_id: busyProject.id, status: 'started', n: 1 },
    ]),
  );
});
