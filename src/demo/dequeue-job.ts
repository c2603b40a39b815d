import type { ClientBase } from 'pg';

import type { DemoJobType } from './build-job-result.js';

export interface DequeuedJob {
  readonly id: string;
  readonly type: DemoJobType;
  readonly projectId: string;
}

/**
 * QFieldCloud's dequeue step (core/management/commands/dequeue.py), as SQL: in one
 * REPEATABLE READ transaction, lock the oldest pending job whose project has no
 * queued/started job and is not locked, skipping rows other replicas hold, and mark it
 * `queued`. Django's `select_for_update(skip_locked=True)` on the joined query locks
 * the project row too, which keeps two replicas off one project while both decide.
 *
 * Like upstream, this can still fail with a serialization error (40001) when another
 * replica changed the chosen row after our snapshot; the caller retries.
 */
export async function dequeueJob(client: ClientBase): Promise<DequeuedJob | null> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  try {
    const found = await client.query<{ id: string; type: DemoJobType; project_id: string }>(
      `SELECT j.id, j.type, j.project_id
         FROM core_job j
         JOIN core_project p ON p.id = j.project_id
        WHERE j.status = 'pending'
          AND NOT (
                j.project_id IN (SELECT a.project_id FROM core_job a
                                  WHERE a.status IN ('queued', 'started'))
                OR p.locked_at IS NOT NULL
              )
        ORDER BY j.created_at
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
    );
    const row = found.rows[0];
    if (row !== undefined) {
      await client.query("UPDATE core_job SET status = 'queued' WHERE id = $1", [row.id]);
    }
    await client.query('COMMIT');
    return row === undefined ? null : { id: row.id, type: row.type, projectId: row.project_id };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
