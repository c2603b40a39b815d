import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { errorLine } from '../../shared/errors.js';
import { redactSecrets } from '../../shared/redact.js';
import { networkErrorReason } from '../../shared/network-error.js';
import type { ProbeResult } from './probe-result.js';
import { probeResultFor } from './probe-result-for.js';

/** SQLSTATE codes an operator can act on, in their words. */
function sqlStateDetail(code: string, user: string, database: string): string | undefined {
  switch (code) {
    // 28000 (role does not exist, no pg_hba.conf entry) keeps the server's own words.
    case '28P01':
      return `password authentication failed for user "${user}"`;
    case '3D000':
      return `database "${database}" does not exist`;
    case '57P03':
      return 'the server is starting up or shutting down';
    case '53300':
      return 'too many connections';
    default:
      return undefined;
  }
}

function stringProperty(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
  const property = (value as Record<string, unknown>)[key];
  return typeof property === 'string' ? property : undefined;
}

/** Masks the password even where the generic URL pattern would not see it. */
function scrub(text: string, password: string | undefined): string {
  const redacted = redactSecrets(text);
  return password !== undefined && password.length > 0
    ? redacted.split(password).join('***')
    : redacted;
}

/**
 * Connects with `pg`'s Client, runs `SELECT 1`, disconnects. Connect and query
 * together are bounded by `timeoutMs`; the disconnect is not awaited. The detail never
 * contains the password. Never throws.
 */
export async function postgresProbe(opts: {
  name: string;
  connectionString: string;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<ProbeResult> {
  const { name, connectionString, timeoutMs, signal } = opts;
  let password: string | undefined;
  const result = probeResultFor(name, 'postgres', (detail) => scrub(detail, password));

  let client: pg.Client;
  try {
    client = new pg.Client({
      connectionString,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      application_name: 'jobdeck-probe',
    });
  } catch (error) {
    // A malformed connection string: the message may quote it, password included.
    password = /:\/\/[^:/@\s]*:([^@\s]+)@/.exec(connectionString)?.[1];
    return result('fail', null, `invalid connection string: ${errorLine(error)}`);
  }
  password = typeof client.password === 'string' ? client.password : undefined;
  const where = `${client.host}:${client.port}`;
  const user = client.user ?? '';
  const database = client.database ?? user;
  if (signal?.aborted === true) return result('unknown', null, 'aborted');

  // After connect, a dropped connection surfaces as an 'error' event; unhandled, it
  // would crash the process.
  client.on('error', () => undefined);

  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => {
      resolve(result('fail', null, `no answer from PostgreSQL at ${where} within ${timeoutMs} ms`));
    }, timeoutMs);
    onAbort = () => {
      resolve(result('unknown', null, 'aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

  const attempt = (async (): Promise<ProbeResult> => {
    try {
      await client.connect();
    } catch (error) {
      const code = stringProperty(error, 'code');
      const known = code === undefined ? undefined : sqlStateDetail(code, user, database);
      const why =
        known ??
        (errorLine(error).includes('timeout')
          ? `no answer within ${timeoutMs} ms`
          : networkErrorReason(error));
      return result('fail', null, `cannot connect to ${where}: ${why}`);
    }
    try {
      await client.query('SELECT 1');
      const latencyMs = Math.round(performance.now() - started);
      return result('ok', latencyMs, `SELECT 1 ok at ${where}/${database}`);
    } catch (error) {
      return result('fail', null, `SELECT 1 failed at ${where}: ${errorLine(error)}`);
    }
  })();

  try {
    return await Promise.race([attempt, deadline]);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    // Do not wait for a polite goodbye from a server that may not answer.
    client.end().catch(() => undefined);
  }
}
