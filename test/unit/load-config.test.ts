import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/shared/errors.js';

function withConfig(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'jobdeck-config-'));
  writeFileSync(join(dir, 'jobdeck.yaml'), yaml);
  return dir;
}

const error = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('works with no file from DATABASE_URL, with DESIGN.md default thresholds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobdeck-none-'));
    const c = loadConfig({}, { DATABASE_URL: 'postgres://u:p@db:5432/q', HOME: dir }, dir);
    expect(c.source).toBe('environment');
    expect(c.queue?.preset).toBe('qfieldcloud');
    expect(c.queue?.url).toBe('postgres://u:p@db:5432/q');
    expect(c.thresholds).toEqual({
      workerFailedChecks: 3,
      memoryMb: 500,
      stuckAfter: 600_000,
      queueDepthWarn: 10,
      queueDepthGood: 5,
      failureRateCritical: 0.3,
      staleHeartbeat: 120_000,
      deadHeartbeat: 300_000,
      alertCooldown: 1_800_000,
    });
    expect(c.queue?.jobTimeout).toBe(600_000);
  });

  it('takes JOBDECK_PRESET and rejects an unknown one with the choices', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobdeck-none-'));
    expect(
      loadConfig({}, { DATABASE_URL: 'postgres://x', JOBDECK_PRESET: 'rgrid', HOME: dir }, dir)
        .queue?.preset,
    ).toBe('rgrid');
    expect(error(() => loadConfig({}, { JOBDECK_PRESET: 'sidekiq', HOME: dir }, dir)).message).toBe(
      'JOBDECK_PRESET: got "sidekiq", expected one of qfieldcloud, rgrid, custom, sqlite, rq, frappe',
    );
  });

  it('names the field path, the bad value and what is expected; exit code 2', () => {
    const dir = withConfig('queue:\n  preset: qfieldcloud\n  jobTimeout: soon\n');
    const e = error(() => loadConfig({}, {}, dir));
    expect(e.message).toMatch(
      /jobdeck\.yaml: queue\.jobTimeout: got "soon", expected a duration like 30s/,
    );
    expect(e.exitCode).toBe(2);
    expect(e.message.split('\n')).toHaveLength(1);
  });

  it('rejects unknown fields and enum values with the choices', () => {
    expect(error(() => loadConfig({}, {}, withConfig('queue:\n  presett: rq\n'))).message).toMatch(
      /queue: unknown field presett/,
    );
    expect(
      error(() => loadConfig({}, {}, withConfig('queue:\n  preset: sidekiq\n'))).message,
    ).toMatch(
      /queue\.preset: got "sidekiq", expected one of qfieldcloud, rgrid, custom, sqlite, rq, frappe/,
    );
  });

  it('never shows a secret value, even when it is misplaced', () => {
    const e = error(() =>
      loadConfig({}, {}, withConfig('queue:\n  urlEnv: "postgres://u:hunter2@db/q"\n')),
    );
    expect(e.message).toMatch(
      /queue\.urlEnv: got \(redacted\), expected the NAME of an environment variable/,
    );
    expect(e.message).not.toMatch(/hunter2/);
  });

  it('reports invalid YAML with its line', () => {
    expect(error(() => loadConfig({}, {}, withConfig('queue:\n  preset: [\n'))).message).toMatch(
      /jobdeck\.yaml:\d+: invalid YAML/,
    );
  });

  it('read-only: flag beats target config beats global; --write overrides a config default', () => {
    const dir = withConfig(
      'readOnly: true\ntargets:\n  prod: { readOnly: false }\n  staging: {}\n',
    );
    expect(loadConfig({ target: 'staging' }, {}, dir).readOnly).toBe(true);
    expect(loadConfig({ target: 'prod' }, {}, dir).readOnly).toBe(false);
    expect(loadConfig({ target: 'prod', readOnly: true }, {}, dir).readOnly).toBe(true);
    expect(loadConfig({ target: 'staging', write: true }, {}, dir).readOnly).toBe(false);
    expect(error(() => loadConfig({ target: 'nope' }, {}, dir)).message).toMatch(
      /--target nope: no such target .* known targets: prod, staging/,
    );
  });

  it('validates --interval and a missing --config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobdeck-none-'));
    expect(loadConfig({ interval: '500ms' }, { HOME: dir }, dir).intervalMs).toBe(500);
    expect(error(() => loadConfig({ interval: 'fast' }, { HOME: dir }, dir)).message).toMatch(
      /--interval fast: expected a duration/,
    );
    expect(error(() => loadConfig({ config: 'nope.yaml' }, { HOME: dir }, dir)).message).toMatch(
      /--config nope\.yaml: file not found/,
    );
  });

  it('reads probes with their defaults', () => {
    const dir = withConfig(
      'probes:\n  - kind: http\n    url: http://app:8000/api/v1/status/\n    bodyJson: { database: ok, storage: ok }\n  - kind: memcached\n',
    );
    const c = loadConfig({}, {}, dir);
    expect(c.probes).toEqual([
      {
        kind: 'http',
        name: 'api',
        url: 'http://app:8000/api/v1/status/',
        expectStatus: [200],
        bodyJson: { database: 'ok', storage: 'ok' },
        insecureTls: false,
        timeout: 3000,
        critical: true,
      },
      {
        kind: 'memcached',
        name: 'cache',
        host: '127.0.0.1',
        port: 11211,
        timeout: 3000,
        critical: false,
      },
    ]);
    expect(
      error(() => loadConfig({}, {}, withConfig('probes:\n  - kind: smtp\n'))).message,
    ).toMatch(/probes\.0/);
  });
});

describe('loadConfig: the URL picks the source when nothing else says', () => {
  const none = mkdtempSync(join(tmpdir(), 'jobdeck-urls-'));
  const env = (vars: Record<string, string>): Record<string, string> => ({ HOME: none, ...vars });
  it('sqlite:/// in DATABASE_URL is the sqlite preset', () => {
    expect(loadConfig({}, env({ DATABASE_URL: 'sqlite:////srv/q.db' }), none).queue?.preset).toBe(
      'sqlite',
    );
  });
  it('REDIS_URL alone, or redis:// in DATABASE_URL, is the rq preset', () => {
    const a = loadConfig({}, env({ REDIS_URL: 'redis://:pw@127.0.0.1:6379/2' }), none).queue;
    expect([a?.preset, a?.url]).toEqual(['rq', 'redis://:pw@127.0.0.1:6379/2']);
    const b = loadConfig({}, env({ DATABASE_URL: 'redis://127.0.0.1:6379/3' }), none).queue;
    expect([b?.preset, b?.url]).toEqual(['rq', 'redis://127.0.0.1:6379/3']);
  });
  it('a postgres URL stays the qfieldcloud preset, and JOBDECK_PRESET wins', () => {
    expect(loadConfig({}, env({ DATABASE_URL: 'postgres://x@h/db' }), none).queue?.preset).toBe(
      'qfieldcloud',
    );
    expect(
      loadConfig({}, env({ REDIS_URL: 'redis://h', JOBDECK_PRESET: 'frappe' }), none).queue?.preset,
    ).toBe('frappe');
  });
});

describe('malformed connection URLs are configuration errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jobdeck-url-'));
  it.each([
    [
      { DATABASE_URL: '::not a url::' },
      'DATABASE_URL: not a URL; expected a PostgreSQL URL like postgres://',
    ],
    [
      { DATABASE_URL: 'mysql://u:pw-s3cret@h/db' },
      'DATABASE_URL: a mysql:// URL; expected a PostgreSQL URL',
    ],
    [
      { JOBDECK_PRESET: 'rq', REDIS_URL: '::not a url::' },
      'REDIS_URL: not a URL; expected a Redis URL like redis://',
    ],
  ])('%o', (env, line) => {
    const e = error(() => loadConfig({}, { ...env, HOME: dir }, dir));
    expect(e.message).toContain(line);
    expect(e.message).not.toContain('s3cret');
    expect(e.message).not.toContain('::not');
  });

  it('accepts postgres:// with a host or a socket host parameter, and redis://', () => {
    for (const DATABASE_URL of ['postgresql://u@db/q', 'postgres:///q?host=/var/run/postgresql']) {
      expect(loadConfig({}, { DATABASE_URL, HOME: dir }, dir).queue?.url).toBe(DATABASE_URL);
    }
    const rq = loadConfig({}, { REDIS_URL: 'redis://127.0.0.1:6379/3', HOME: dir }, dir);
    expect(rq.queue?.preset).toBe('rq');
  });
});
