import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { networkErrorReason } from '../../shared/network-error.js';
import type { ProbeResult } from './probe-result.js';
import { probeResultFor } from './probe-result-for.js';

/** More than any `VERSION …` line; a peer that sends more is not memcached. */
const MAX_REPLY_BYTES = 1024;

/** Printable, one line, short: for quoting what a wrong server said. */
function quote(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]+/g, ' ').trim();
  return JSON.stringify(clean.length > 60 ? `${clean.slice(0, 60)}…` : clean);
}

/**
 * Sends the text-protocol `version` command and expects `VERSION x.y.z`; the detail
 * names the version. Never throws.
 */
export function memcachedProbe(opts: {
  name: string;
  host: string;
  port: number;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<ProbeResult> {
  const { name, host, port, timeoutMs, signal } = opts;
  const where = `${host}:${port}`;
  const result = probeResultFor(name, 'memcached');
  if (signal?.aborted === true) return Promise.resolve(result('unknown', null, 'aborted'));

  return new Promise<ProbeResult>((resolve) => {
    const started = performance.now();
    let settled = false;
    let reply = '';
    const socket = connect({ host, port });
    socket.setEncoding('latin1');
    const finish = (value: ProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(value);
    };
    const onAbort = (): void => {
      finish(result('unknown', null, 'aborted'));
    };
    const timer = setTimeout(() => {
      const what = socket.connecting ? 'no TCP answer from' : 'no reply to "version" from';
      finish(result('fail', null, `${what} memcached at ${where} within ${timeoutMs} ms`));
    }, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    socket.once('connect', () => {
      socket.write('version\r\n');
    });
    socket.on('data', (chunk: string) => {
      reply += chunk;
      const end = reply.indexOf('\r\n');
      if (end === -1) {
        if (reply.length > MAX_REPLY_BYTES) {
          finish(result('fail', null, `unexpected reply from ${where}: ${quote(reply)}`));
        }
        return;
      }
      const line = reply.slice(0, end);
      const version = /^VERSION (\S+)$/.exec(line)?.[1];
      const latencyMs = Math.round(performance.now() - started);
      if (version === undefined) {
        finish(result('fail', latencyMs, `not memcached at ${where}: replied ${quote(line)}`));
      } else {
        finish(result('ok', latencyMs, `memcached ${version} at ${where}`));
      }
    });
    socket.once('end', () => {
      finish(result('fail', null, `${where} closed the connection without a VERSION reply`));
    });
    socket.on('error', (error) => {
      finish(result('fail', null, `${networkErrorReason(error)} at ${where}`));
    });
  });
}
