import pg from 'pg';
import type { ResolvedQueue } from '../../config/load-config.js';
import { errorLine } from '../../shared/errors.js';
import {
  describePgError,
  describePgTarget,
} from '../../sources/queue/postgres/describe-pg-error.js';
import type { PgPreset } from '../../sources/queue/postgres/pg-preset.js';
import { sqlIdentifier as q } from '../../sources/queue/core/sql-identifier.js';
import type { DoctorCheck } from './doctor-check.js';

/** Clock skew above this makes ages and windows wrong by as much. */
const SKEW_WARN_MS = 2000;

const check = (
  name: string,
  level: DoctorCheck['level'],
  detail: string,
  fix: string | null = null,
  latencyMs: number | null = null,
): DoctorCheck => ({ name, level, detail, fix, latencyMs });

/**
 * The PostgreSQL queue checks of `jobdeck doctor`: reachable, table and columns,
 * read and write permissions, the indexes that keep the refresh cheap, clock skew.
 */
export async function postgresDoctor(
  queue: ResolvedQueue,
  preset: PgPreset,
  readOnly: boolean,
): Promise<DoctorCheck[]> {
  const target = describePgTarget(queue.url);
  const out: DoctorCheck[] = [];
  const client = new pg.Client({
    connectionString: queue.url,
    connectionTimeoutMillis: queue.statementTimeout,
    statement_timeout: queue.statementTimeout,
    application_name: 'jobdeck-doctor',
  });
  client.on('error', () => undefined);
  const t0 = performance.now();
  try {
    await client.connect();
    const sent = Date.now();
    const r = await client.query<{ version: string; now_ms: string; user: string }>(
      `SELECT current_setting('server_version') AS version, (extract(epoch from clock_timestamp()) * 1000)::int8 AS now_ms, current_user AS user`,
    );
    const received = Date.now();
    const row = r.rows[0];
    out.push(
      check(
        'database',
        'ok',
        `PostgreSQL ${row?.version ?? '?'} at ${target}`,
        null,
        performance.now() - t0,
      ),
    );
    const skew = Number(row?.now_ms ?? received) - (sent + received) / 2;
    out.push(
      Math.abs(skew) > SKEW_WARN_MS
        ? check(
            'clock skew',
            'warn',
            `the database clock is ${(skew / 1000).toFixed(1)} s ${skew > 0 ? 'ahead of' : 'behind'} this host`,
            'sync both clocks with NTP (chrony/systemd-timesyncd); ages are computed on the database clock',
          )
        : check('clock skew', 'ok', `${Math.round(skew)} ms between this host and the database`),
    );

    const user = row?.user ?? '?';
    const tables = [preset.table, ...(preset.heartbeats === null ? [] : [preset.heartbeats.table])];
    for (const table of tables) {
      const exists = await client.query<{ oid: string | null }>(
        'SELECT to_regclass($1)::text AS oid',
        [q(table)],
      );
      if (exists.rows[0]?.oid == null) {
        out.push(
          check(
            `table ${table}`,
            'fail',
            `not found in ${target}`,
            `point ${queue.urlEnv} at the ${preset.name} database, or set queue.preset`,
          ),
        );
        continue;
      }
      const priv = await client.query<{ can_read: boolean; can_write: boolean }>(
        `SELECT has_table_privilege($1::regclass, 'SELECT') AS can_read, has_table_privilege($1::regclass, 'UPDATE') AS can_write`,
        [q(table)],
      );
      const p = priv.rows[0];
      out.push(
        p?.can_read === true
          ? check(`read ${table}`, 'ok', `user ${user} can read it`)
          : check(
              `read ${table}`,
              'fail',
              `user ${user} cannot SELECT from it`,
              `GRANT SELECT ON ${q(table)} TO ${q(user)};`,
            ),
      );
      if (table === preset.table) {
        out.push(
          p?.can_write === true
            ? check(`write ${table}`, 'ok', `user ${user} can UPDATE it (cleanup actions)`)
            : check(
                `write ${table}`,
                readOnly ? 'ok' : 'warn',
                `user ${user} cannot UPDATE it${readOnly ? ' (fine: read-only mode)' : ': cleanup actions will fail'}`,
                readOnly
                  ? null
                  : `GRANT UPDATE ON ${q(table)} TO ${q(user)}; or run jobdeck with --read-only`,
              ),
        );
      }
    }

    // The refresh reads live jobs by status and new jobs by creation time.
    for (const column of [preset.columns.status, preset.columns.createdAt]) {
      const idx = await client.query<{ name: string | null }>(
        `SELECT min(c.relname) AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
          WHERE i.indrelid = to_regclass($1) AND a.attname = $2`,
        [q(preset.table), column],
      );
      const name = idx.rows[0]?.name ?? null;
      const table = preset.table.split('.').pop() ?? preset.table;
      out.push(
        name !== null
          ? check(`index ${preset.table}.${column}`, 'ok', name)
          : check(
              `index ${preset.table}.${column}`,
              'warn',
              `no index starts with ${column}: every refresh scans the table`,
              `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${q(`jobdeck_${table}_${column}`)} ON ${q(preset.table)} (${q(column)});`,
            ),
      );
    }
  } catch (error) {
    const described = describePgError(error, queue.url, queue.urlEnv);
    out.push(
      check(
        'database',
        'fail',
        errorLine(described),
        `check that PostgreSQL runs there and that ${queue.urlEnv} is right`,
        null,
      ),
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  return out;
}
