/**
 * One job as the PostgreSQL queries return it. Times are epoch microseconds (exact
 * integers below 2^53), so window boundaries compare exactly like PostgreSQL does.
 */
export interface JobRow {
  readonly id: string;
  readonly status: string;
  readonly type: string | null;
  readonly group: string | null;
  readonly worker: string | null;
  readonly createdUs: number;
  readonly startedUs: number | null;
  /** First non-NULL of the preset's end columns (finished_at, docker_finished_at...). */
  readonly endUs: number | null;
}

/** Parses the compact JSON array form `[id, status, type, group, worker, created, started, end]`. */
export function parseJobRow(value: unknown): JobRow {
  if (!Array.isArray(value) || value.length < 8) throw new TypeError('malformed job row');
  const [id, status, type, group, worker, created, started, end] = value as unknown[];
  const text = (v: unknown): string | null =>
    typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
  const micros = (v: unknown): number | null =>
    typeof v === 'number' && Number.isFinite(v) ? v : null;
  const createdUs = micros(created);
  if (createdUs === null) throw new TypeError('job row without a creation time');
  return {
    id: text(id) ?? '',
    status: text(status) ?? '',
    type: text(type),
    group: text(group),
    worker: text(worker),
    createdUs,
    startedUs: micros(started),
    endUs: micros(end),
  };
}
