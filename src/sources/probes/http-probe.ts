import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { RequestOptions } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { errorLine } from '../../shared/errors.js';
import { lazyHttps } from '../../shared/lazy-https.js';
import { redactSecrets } from '../../shared/redact.js';
import { networkErrorReason } from '../../shared/network-error.js';
import type { ProbeResult } from './probe-result.js';
import { probeResultFor } from './probe-result-for.js';

/** Health bodies are tiny; a cap keeps a misconfigured URL (a download) harmless. */
const MAX_BODY_BYTES = 64 * 1024;

/** Printable, one line, short: for quoting what a server said. */
function quote(value: unknown): string {
  // Values come from JSON.parse, so JSON.stringify always yields a string here.
  const text = JSON.stringify(value);
  const clean = text.replace(/[^\x20-\x7e]+/g, ' ');
  return clean.length > 60 ? `${clean.slice(0, 60)}…` : clean;
}

/** `null` when every expected key has the expected string value, else what differs. */
function bodyMismatch(body: string, expected: Record<string, string>): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `body is not JSON (${quote(body.trim())})`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return `body is not a JSON object (${quote(parsed)})`;
  }
  const record = parsed as Record<string, unknown>;
  const wrong: string[] = [];
  for (const [key, want] of Object.entries(expected)) {
    if (!Object.hasOwn(record, key)) wrong.push(`"${key}" is missing`);
    else if (record[key] !== want) wrong.push(`${key}=${quote(record[key])}`);
  }
  return wrong.length === 0 ? null : wrong.join(', ');
}

/**
 * GET a health endpoint and judge it by status code and, optionally, by keys of its
 * JSON body. QFieldCloud's `/api/v1/status/` always answers 200, so it needs
 * `bodyJson: { database: 'ok', storage: 'ok' }`; its nginx drops requests whose Host
 * does not match (444), hence `hostHeader`. Redirects are not followed: a 301 from
 * port 80 to https is reported as such. Never throws.
 */
export function httpProbe(opts: {
  name: string;
  url: string;
  timeoutMs: number;
  /** Acceptable status codes; default [200]. */
  expectStatus?: number[];
  hostHeader?: string;
  /** Each key of the JSON body must equal this string value. */
  bodyJson?: Record<string, string>;
  /** Accept self-signed certificates (local mkcert setups). */
  insecureTls?: boolean;
  signal?: AbortSignal;
}): Promise<ProbeResult> {
  const { name, timeoutMs, hostHeader, bodyJson, signal } = opts;
  const expectStatus = opts.expectStatus ?? [200];
  const shownUrl = redactSecrets(opts.url);
  const result = probeResultFor(name, 'http');

  let url: URL;
  try {
    url = new URL(opts.url);
  } catch {
    return Promise.resolve(result('fail', null, `invalid URL ${quote(shownUrl)}`));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.resolve(result('fail', null, `unsupported URL scheme in ${shownUrl}`));
  }
  if (signal?.aborted === true) return Promise.resolve(result('unknown', null, 'aborted'));

  const secure = url.protocol === 'https:';
  // URL keeps IPv6 literals in brackets; the socket wants them bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  const where = `${url.hostname}:${port}`;
  const what = `GET ${shownUrl}`;

  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'jobdeck' };
  if (hostHeader !== undefined) headers.host = hostHeader;
  const options: RequestOptions = {
    method: 'GET',
    host,
    port,
    path: `${url.pathname}${url.search}`,
    headers,
    agent: false,
  };
  if (url.username !== '') {
    options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  if (secure) {
    options.rejectUnauthorized = opts.insecureTls !== true;
    // SNI must name the virtual host nginx expects, not the IP we connect to.
    const sniHost = (hostHeader ?? '').replace(/:\d+$/, '');
    if (sniHost !== '' && isIP(sniHost) === 0) options.servername = sniHost;
  }

  return new Promise<ProbeResult>((resolve) => {
    const started = performance.now();
    let settled = false;
    let response: IncomingMessage | undefined;
    const finish = (value: ProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(value);
    };
    const onAbort = (): void => {
      finish(result('unknown', null, `${what} aborted`));
    };
    // One deadline for DNS, connect, headers and body: a server that accepts the
    // connection and then says nothing must not hold the probe forever.
    const timer = setTimeout(() => {
      const stage = response === undefined ? 'no answer' : 'body not complete';
      finish(result('fail', null, `${what}: ${stage} within ${timeoutMs} ms`));
    }, timeoutMs);

    const onResponse = (res: IncomingMessage): void => {
      response = res;
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          const latencyMs = Math.round(performance.now() - started);
          if (!expectStatus.includes(status)) {
            const expected = expectStatus.join('/');
            finish(result('fail', latencyMs, `${what} → ${status} (expected ${expected})`));
          } else if (bodyJson === undefined) {
            finish(result('ok', latencyMs, `${what} → ${status}`));
          } else {
            finish(result('fail', latencyMs, `${what} → ${status} but body exceeds 64 KiB`));
          }
          return;
        }
        chunks.push(chunk);
      });
      res.once('end', () => {
        const latencyMs = Math.round(performance.now() - started);
        if (!expectStatus.includes(status)) {
          const location = res.headers.location;
          const redirect = location === undefined ? '' : ` to ${redactSecrets(location)}`;
          const expected = expectStatus.join('/');
          finish(
            result('fail', latencyMs, `${what} → ${status}${redirect} (expected ${expected})`),
          );
          return;
        }
        if (bodyJson === undefined) {
          finish(result('ok', latencyMs, `${what} → ${status}`));
          return;
        }
        const mismatch = bodyMismatch(Buffer.concat(chunks).toString('utf8'), bodyJson);
        if (mismatch !== null) {
          finish(result('fail', latencyMs, `${what} → ${status} but ${mismatch}`));
          return;
        }
        const checked = Object.entries(bodyJson)
          .map(([key, value]) => `${key}=${value}`)
          .join(' ');
        finish(result('ok', latencyMs, `${what} → ${status} (${checked})`));
      });
      res.on('error', (error) => {
        finish(result('fail', null, `${what}: ${errorLine(error)}`));
      });
    };

    let req: ReturnType<typeof httpRequest>;
    try {
      req = secure ? lazyHttps().request(options, onResponse) : httpRequest(options, onResponse);
    } catch (error) {
      // Synchronous failures: an invalid header value, an unknown agent option.
      clearTimeout(timer);
      resolve(result('fail', null, `${what}: ${errorLine(error)}`));
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    // `on`, not `once`: a second error after settling must not become uncaught.
    req.on('error', (error) => {
      // Nginx's 444 closes the connection without a response.
      const hangUp = response === undefined && errorLine(error) === 'socket hang up';
      const detail = hangUp
        ? `${what}: ${where} closed the connection without a response (wrong Host header?)`
        : `${networkErrorReason(error)} at ${where}`;
      finish(result('fail', null, detail));
    });
    req.end();
  });
}
