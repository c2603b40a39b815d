import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { networkErrorReason } from '../../shared/network-error.js';
import type { ProbeResult } from './probe-result.js';
import { probeResultFor } from './probe-result-for.js';

/** Connect-only: the port accepts a TCP connection within `timeoutMs`. Never throws. */
export function tcpProbe(opts: {
  name: string;
  host: string;
  port: number;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<ProbeResult> {
  const { name, host, port, timeoutMs, signal } = opts;
  const where = `${host}:${port}`;
  const result = probeResultFor(name, 'tcp');
  if (signal?.aborted === true) return Promise.resolve(result('unknown', null, 'aborted'));

  return new Promise<ProbeResult>((resolve) => {
    const started = performance.now();
    let settled = false;
    const socket = connect({ host, port });
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
    // A deadline rather than socket.setTimeout: the latter does not cover DNS lookup.
    const timer = setTimeout(() => {
      finish(result('fail', null, `no TCP answer from ${where} within ${timeoutMs} ms`));
    }, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      const latencyMs = Math.round(performance.now() - started);
      finish(result('ok', latencyMs, `connected to ${where}`));
    });
    socket.on('error', (error) => {
      finish(result('fail', null, `${networkErrorReason(error)} at ${where}`));
    });
  });
}
