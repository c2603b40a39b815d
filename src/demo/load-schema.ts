import { readFile } from 'node:fs/promises';

import type { ClientBase } from 'pg';

import { DEMO_CATALOG } from './demo-catalog.js';

/** Serialises concurrent loaders (two `jobdeck demo` on one database). Arbitrary key. */
const SCHEMA_LOCK_KEY = 0x6a6f6264; // "jobd"

/**
 * Creates the QFieldCloud tables (core_user, core_project, core_job) unless core_job
 * already exists, and makes sure the demo's users and projects are present. One
 * transaction: a half-created schema never survives a failed first run.
 */
export async function loadSchema(client: ClientBase): Promise<{ created: boolean }> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
    const existing = await client.query<{ name: string | null }>(
      "SELECT to_regclass('core_job')::text AS name",
    );
    const created = existing.rows[0]?.name == null;
    if (created) {
      // Copied next to the bundle by the build (scripts/build.mjs).
      const ddl = await readFile(new URL('./qfieldcloud-schema.sql', import.meta.url), 'utf8');
      await client.query(ddl);
    }
    await seedCatalog(client);
    await client.query('COMMIT');
    return { created };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function seedCatalog(client: ClientBase): Promise<void> {
  const { users, projects } = DEMO_CATALOG;
  await client.query(
    `INSERT INTO core_user (id, password, last_login, is_superuser, username, first_name,
                            last_name, email, is_staff, is_active, date_joined, type)
     SELECT u.id, '!', NULL, false, u.username, u.first_name, u.last_name,
            CASE WHEN u.type = 1 THEN u.username || '@example.org' ELSE '' END,
            false, true, now() - interval '400 days', u.type
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::smallint[])
            AS u(id, username, first_name, last_name, type)
     ON CONFLICT DO NOTHING`,
    [
      users.map((u) => u.id),
      users.map((u) => u.username),
      users.map((u) => u.firstName),
      users.map((u) => u.lastName),
      users.map((u) => u.type),
    ],
  );
  // Explicit ids bypass the serial: move it past them so app-style inserts still work.
  await client.query(
    "SELECT setval(pg_get_serial_sequence('core_user', 'id'), (SELECT max(id) FROM core_user))",
  );
  await client.query(
    `INSERT INTO core_project (id, name, description, is_public, owner_id, created_at,
                               updated_at, locked_at)
     SELECT p.id, p.name, '', false, p.owner_id, now() - interval '300 days',
            now() - interval '300 days', NULL
       FROM unnest($1::uuid[], $2::text[], $3::int[]) AS p(id, name, owner_id)
     ON CONFLICT DO NOTHING`,
    [projects.map((p) => p.id), projects.map((p) => p.name), projects.map((p) => p.owner)],
  );
}
