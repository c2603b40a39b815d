import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/** QFieldCloud's schema, as the demo and the benchmark load it. */
export const QFIELDCLOUD_SCHEMA = readFileSync(
  join(import.meta.dirname, '..', '..', 'src', 'demo', 'qfieldcloud-schema.sql'),
  'utf8',
);

export const P1 = '00000000-0000-0000-0000-0000000000a1';
export const P2 = '00000000-0000-0000-0000-0000000000a2';
export const P3 = '00000000-0000-0000-0000-0000000000a3';
export const P4 = '00000000-0000-0000-0000-0000000000a4';

export interface FixtureJob {
  id: string;
  project: string;
  type?: string;
  status: string;
  /** Offsets in seconds before now(); null leaves the column NULL. */
  created: number;
  started?: number | null;
  finished?: number | null;
  dockerFinished?: number | null;
  output?: string | null;
}

/** Job ids that read well in failures: `00000000-0000-0000-0000-00000000NNNN`. */
export const jobId = (n: number): string =>
  `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;

export async function loadQfieldcloud(url: string, jobs: readonly FixtureJob[]): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(QFIELDCLOUD_SCHEMA);
    await c.query(`INSERT INTO core_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined, type)
      VALUES ('', false, 'alice', '', '', '', false, true, now(), 1), ('', false, 'acme', '', '', '', false, true, now(), 2)`);
    await c.query(
      `INSERT INTO core_project (id, name, description, is_public, owner_id, created_at, updated_at)
       VALUES ($1, 'survey', '', false, 1, now(), now()), ($2, 'roads', '', false, 2, now(), now()),
              ($3, 'trees', '', false, 1, now(), now()), ($4, 'rivers', '', false, 2, now(), now())`,
      [P1, P2, P3, P4],
    );
    await insertJobs(c, jobs);
  } finally {
    await c.end();
  }
}

export async function insertJobs(c: pg.Client, jobs: readonly FixtureJob[]): Promise<void> {
  for (const j of jobs) {
    await c.query(
      `INSERT INTO core_job (id, created_at, updated_at, project_id, output, type, status, created_by_id, feedback,
         finished_at, started_at, docker_finished_at, docker_started_at, container_id, triggered_by_id)
       VALUES ($1, now() - make_interval(secs => $2), now() - make_interval(secs => $2), $3, $4, $5, $6, 1, NULL,
         now() - make_interval(secs => $7), now() - make_interval(secs => $8), now() - make_interval(secs => $9), NULL, '', 1)`,
      [
        j.id,
        j.created,
        j.project,
        j.output ?? null,
        j.type ?? 'package',
        j.status,
        j.finished ?? null,
        j.started ?? null,
        j.dockerFinished ?? null,
      ],
    );
  }
}
