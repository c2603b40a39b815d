import type { DockerClient } from './docker-client.js';
import { readBody } from './read-body.js';
import { requestSignal } from './request-signal.js';

/**
 * The raw body of `GET /containers/{id}/logs?tail=N&timestamps=1` (multiplexed unless the
 * container has a TTY). Raw on purpose: dockerode's buffered helper JSON-parses bodies,
 * which turns a TTY container's single JSON log line into an object.
 */
export async function fetchLogTail(
  client: DockerClient,
  id: string,
  options: { tail: number; timeoutMs: number; signal?: AbortSignal },
): Promise<Buffer> {
  const request = requestSignal(options.signal, options.timeoutMs, client.label);
  try {
    const body = await client.stream(
      `/containers/${encodeURIComponent(id)}/logs`,
      { stdout: 1, stderr: 1, tail: options.tail, timestamps: 1, follow: 0 },
      request.signal,
    );
    // The engine cuts log lines at 16 KiB, so tail ≤ 100 stays under 2 MiB and the cap
    // never bites on a sane answer (a cut would start mid-frame: the demuxer shows it raw).
    return await readBody(body, 4 * 1024 * 1024);
  } catch (error) {
    throw client.error(error);
  } finally {
    request.done();
  }
}
