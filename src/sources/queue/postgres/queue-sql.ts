import type { PgPreset } from './pg-preset.js';
import { sqlIdentifier as q } from '../core/sql-identifier.js';

/** What introspection found out about the table. */
export interface TableInfo {
  /** `format_type` of the id column, used to cast the tracked-id array parameter. */
  readonly idType: string;
  /** `created`: the creation column is indexed; `serial`: it is not, but the id is an integer. */
  readonly newRange: 'created' | 'serial';
  /** The table of the preset's group labels that exists (`groupLabels.tables`), or null. */
  readonly labelTable: string | null;
}

export interface QueueSql {
  /**
   * The full recount. Params: $1 live statuses, $2 range (lookback seconds or id floor),
   * $3 terminal statuses, $4 the table (regclass text), $5 window seconds.
   */
  readonly full: string;
  /** The incremental read. Params: $1 live statuses, $2 range, $3 tracked ids, $4 the table. */
  readonly incremental: string;
}

const ID_TYPES = /^(uuid|bigint|integer|smallint|text|character varying(\(\d+\))?)$/;

const us = (expr: string): string => `(extract(epoch from ${expr}) * 1000000)::int8`;

/**
 * Builds both statements for a preset. Each is ONE statement returning one row, so a
 * refresh is one round trip; identifiers are validated and quoted, values are
 * parameters.
 */
export function buildQueueSql(preset: PgPreset, info: TableInfo): QueueSql {
  if (!ID_TYPES.test(info.idType)) throw new Error(`unsupported id column type ${info.idType}`);
  const c = preset.columns;
  const table = q(preset.table);
  const id = `t.${q(c.id)}`;
  const status = `t.${q(c.status)}`;
  const created = `t.${q(c.createdAt)}`;
  const started = c.startedAt === null ? 'NULL::timestamptz' : `t.${q(c.startedAt)}`;
  const end =
    c.end.length === 0
      ? 'NULL::timestamptz'
      : `COALESCE(${c.end.map((col) => `t.${q(col)}`).join(', ')})`;
  const windowEnd = `COALESCE(${[
    ...c.end.map((col) => `t.${q(col)}`),
    c.startedAt === null ? null : `t.${q(c.startedAt)}`,
    created,
  ]
    .filter((x): x is string => x !== null)
    .join(', ')})`;

  // The columns of one job, as a UNION-able tuple (json has no equality operator).
  const tuple = [
    `${id}::text AS id`,
    `${status}::text AS status`,
    c.type === null ? 'NULL::text AS type' : `t.${q(c.type)}::text AS type`,
    c.group === null ? 'NULL::text AS grp' : `t.${q(c.group)}::text AS grp`,
    c.worker === null ? 'NULL::text AS worker' : `t.${q(c.worker)}::text AS worker`,
    `${us(created)} AS created_us`,
    `${us(started)} AS started_us`,
    `${us(end)} AS end_us`,
  ].join(', ');
  const asJson =
    'json_build_array(x.id, x.status, x.type, x.grp, x.worker, x.created_us, x.started_us, x.end_us)';

  const rangeCond =
    info.newRange === 'created'
      ? `${created} > now() - make_interval(secs => $2::float8)`
      : `${id} > $2::int8`;
  const maxId =
    info.newRange === 'serial' ? `(SELECT max(${q(c.id)})::int8 FROM ${table})` : 'NULL::int8';

  const heartbeats =
    preset.heartbeats === null
      ? 'NULL::json'
      : `(SELECT json_agg(json_build_array(h.${q(preset.heartbeats.workerColumn)}::text, ${us(`h.${q(preset.heartbeats.heartbeatColumn)}`)})) FROM ${q(preset.heartbeats.table)} h)`;

  const labels =
    info.labelTable === null || c.group === null || preset.groupLabels === undefined
      ? 'NULL::json'
      : preset.groupLabels.select(
          q(info.labelTable),
          `SELECT t.${q(c.group)} FROM ${table} t WHERE ${status} = ANY($1::text[])`,
        );

  const header = `${us('now()')} AS now_us, pg_stat_get_tuples_deleted($4::regclass) AS deleted, pg_relation_filenode($4::regclass) AS filenode, ${maxId} AS max_id, ${heartbeats} AS heartbeats, ${labels} AS labels`;

  const liveAndNew = `SELECT ${tuple} FROM ${table} t WHERE ${status} = ANY($1::text[])
      UNION SELECT ${tuple} FROM ${table} t WHERE ${rangeCond}`;

  const incremental = `SELECT ${header},
  (SELECT json_agg(${asJson}) FROM (
      ${liveAndNew}
      UNION SELECT ${tuple} FROM ${table} t WHERE ${id} = ANY($3::${info.idType}[])
  ) x) AS rows`;

  const full = `SELECT ${header},
  (SELECT json_agg(json_build_array(s, ty, n)) FROM (
      SELECT ${status}::text AS s, ${c.type === null ? 'NULL::text' : `t.${q(c.type)}::text`} AS ty, count(*) AS n
      FROM ${table} t GROUP BY 1, 2) c) AS counts,
  (SELECT json_agg(${asJson}) FROM (
      SELECT ${tuple} FROM ${table} t
      WHERE ${status} = ANY($3::text[]) AND ${windowEnd} > now() - make_interval(secs => $5::float8)) x) AS window_rows,
  (SELECT json_agg(${asJson}) FROM (
      ${liveAndNew}
  ) x) AS rows`;

  return { full, incremental };
}
