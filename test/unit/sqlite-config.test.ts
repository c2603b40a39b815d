import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/shared/errors.js';
import { parseSqliteUrl } from '../../src/config/parse-sqlite-url.js';
import { prismqMapping } from '../../src/config/prismq-mapping.js';
import { resolveSqlitePath } from '../../src/config/resolve-sqlite-path.js';
import { sqliteConfigSchema } from '../../src/config/sqlite-config-schema.js';
import { sqliteOptionsFromConfig } from '../../src/sources/queue/sqlite/sqlite-options-from-config.js';
import { createSqliteQueueSource } from '../../src/sources/queue/sqlite/create-sqlite-queue-source.js';

describe('sqlite config section', () => {
  it('defaults to PrismQ', () => {
    const c = sqliteConfigSchema.parse({});
    expect({
      table: c.table,
      columns: c.columns,
      statuses: c.statuses,
      workers: c.workers,
    }).toEqual(prismqMapping);
    expect(c).toMatchObject({
      urlEnv: 'DATABASE_URL',
      window: 3_600_000,
      activeHeartbeat: 60_000,
      staleHeartbeat: 300_000,
      staleWaiting: 86_400_000,
      recountEvery: 600_000,
      busyTimeout: 1000,
      cleanupBusyTimeout: 5000,
    });
  });

  it('maps a home-grown queue field by field, and workers: null means no heartbeats', () => {
    const c = sqliteConfigSchema.parse({
      table: 'jobs',
      columns: { id: 'job_id', worker: null, attempts: null },
      statuses: { waiting: ['new'], failedValue: 'error', failure: ['error'] },
      workers: null,
      staleHeartbeat: '10m',
    });
    expect(c.columns).toMatchObject({
      id: 'job_id',
      status: 'status',
      worker: null,
      attempts: null,
    });
    expect(c.statuses).toMatchObject({ waiting: ['new'], active: ['leased', 'processing'] });
    expect(c.workers).toBeNull();
    expect(c.staleHeartbeat).toBe(600_000);
    const opts = sqliteOptionsFromConfig(c, {
      path: '/q.db',
      pathHint: 'DATABASE_URL',
      stuckAfterMs: 1000,
      readOnly: true,
    });
    expect(opts).toMatchObject({
      table: 'jobs',
      workers: null,
      staleHeartbeatMs: 600_000,
      readOnly: true,
    });
  });

  it('rejects hostile identifiers, overlapping statuses and a live failedValue', () => {
    const bad = sqliteConfigSchema.safeParse({ table: 'task_queue; DROP TABLE x' });
    expect(bad.success).toBe(false);
    const col = sqliteConfigSchema.safeParse({ columns: { status: 'status"--' } });
    expect(col.error?.issues[0]?.path).toEqual(['columns', 'status']);
    const overlap = sqliteConfigSchema.safeParse({ statuses: { success: ['queued'] } });
    expect(overlap.error?.issues[0]?.message).toBe(
      'status "queued" is listed in both waiting and success; a status belongs to one class',
    );
    const live = sqliteConfigSchema.safeParse({ statuses: { failedValue: 'leased' } });
    expect(live.error?.issues[0]?.path).toEqual(['statuses', 'failedValue']);
  });

  it('the source refuses an unchecked identifier passed in code (second lock)', () => {
    expect(() => createSqliteQueueSource({ path: '/x.db', table: 'a b', readOnly: true })).toThrow(
      ConfigError,
    );
  });
});

describe('DATABASE_URL=sqlite:///abs/path.db', () => {
  it('parses absolute paths in the usual spellings', () => {
    expect(parseSqliteUrl('sqlite:///var/lib/prismq/queue.db')).toBe('/var/lib/prismq/queue.db');
    expect(parseSqliteUrl('sqlite:////var/lib/q.db')).toBe('/var/lib/q.db');
    expect(parseSqliteUrl('file:///srv/my%20queue.db?mode=ro')).toBe('/srv/my queue.db');
    expect(parseSqliteUrl('sqlite://localhost/q.db')).toBe('/q.db');
  });

  it('explains what is wrong in one line', () => {
    expect(() => parseSqliteUrl('postgres://u:p@h/db')).toThrow(
      'DATABASE_URL: not an SQLite URL; expected sqlite:///absolute/path.db',
    );
    expect(() => parseSqliteUrl('sqlite://queue.db')).toThrow(
      'DATABASE_URL: an SQLite URL names a local file, not host "queue.db"; expected sqlite:///absolute/path.db (three slashes)',
    );
    expect(() => parseSqliteUrl('sqlite:///', 'QUEUE_URL')).toThrow(/^QUEUE_URL: no database path/);
  });

  it('resolves the config path relative to the config file, else the URL', () => {
    expect(
      resolveSqlitePath(
        { path: 'data/q.db', urlEnv: 'DATABASE_URL' },
        {},
        '/etc/jobdeck/jobdeck.yaml',
      ),
    ).toEqual({
      path: '/etc/jobdeck/data/q.db',
      hint: 'queue.sqlite.path in /etc/jobdeck/jobdeck.yaml',
    });
    expect(
      resolveSqlitePath({ urlEnv: 'DATABASE_URL' }, { DATABASE_URL: 'sqlite:///q.db' }, null),
    ).toEqual({
      path: '/q.db',
      hint: 'DATABASE_URL',
    });
    expect(resolveSqlitePath({ urlEnv: 'DATABASE_URL' }, {}, null)).toBeNull();
    expect(() => resolveSqlitePath({ path: 'q.db', urlEnv: 'DATABASE_URL' }, {}, null)).toThrow(
      ConfigError,
    );
  });
});
