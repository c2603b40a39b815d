import type pg from 'pg';
import { SourceQueryError } from '../../../shared/errors.js';
import { sqlIdentifier as q } from '../core/sql-identifier.js';
import type { PgPreset } from './pg-preset.js';
import type { TableInfo } from './queue-sql.js';

/**
 * First use of a table: check it and the preset's columns exist (with a message that
 * says which config to fix), learn the id type, how to find new rows (an indexed
 * creation column, else a serial id), and which group-label table exists.
 */
export async function inspectTable(
  pool: pg.Pool,
  preset: PgPreset,
  where: { readonly target: string; readonly urlEnv: string },
): Promise<TableInfo> {
  const candidates = preset.groupLabels?.tables ?? [];
  const intro = await pool.query<{ tbl: string | null; labels: (string | null)[] }>(
    `SELECT to_regclass($1)::text AS tbl, array(SELECT to_regclass(x)::text FROM unnest($2::text[]) WITH ORDINALITY AS c(x, n) ORDER BY n) AS labels`,
    [q(preset.table), candidates],
  );
  const found = intro.rows[0];
  if (found?.tbl == null) {
    throw new SourceQueryError(
      `table ${preset.table} not found in ${where.target}: is ${where.urlEnv} pointing at the ${preset.name} database? (set queue.preset if not)`,
    );
  }
  const cols = await pool.query<{ attname: string; type: string }>(
    `SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
    [q(preset.table)],
  );
  const types = new Map(cols.rows.map((r) => [r.attname, r.type]));
  const c = preset.columns;
  const needed = [c.id, c.status, c.createdAt, c.type, c.startedAt, c.worker, c.group, ...c.end];
  const missing = needed.filter((name): name is string => name !== null && !types.has(name));
  if (missing.length > 0) {
    throw new SourceQueryError(
      `table ${preset.table} in ${where.target} has no column ${missing.join(', ')}: check queue.preset (${preset.name}) or the queue.custom column mapping`,
    );
  }
  const idType = types.get(c.id) ?? 'text';
  const indexed = await pool.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
      WHERE i.indrelid = $1::regclass AND a.attname = $2) AS ok`,
    [q(preset.table), c.createdAt],
  );
  const createdIndexed = indexed.rows[0]?.ok === true;
  const integerId = /^(bigint|integer|smallint)$/.test(idType);
  const labelIndex = found.labels.findIndex((t) => t !== null);
  return {
    idType,
    newRange: !createdIndexed && integerId ? 'serial' : 'created',
    labelTable: labelIndex < 0 ? null : (candidates[labelIndex] ?? null),
  };
}
