import type { DockerClient } from './docker-client.js';
import { requestSignal } from './request-signal.js';

export interface GetDockerJsonOptions {
  readonly query?: Readonly<Record<string, string | number | boolean>>;
  /** The request is abandoned after this long, with a "did not answer within" error. */
  readonly timeoutMs: number;
  /** Aborts the request with its owner (a collector closing). */
  readonly signal?: AbortSignal;
}

/**
 * A GET of a JSON document (list, inspect, info) with a deadline: the parsed body, to be
 * validated. A failure arrives as the client's one-line JobdeckError; its cause keeps the
 * engine's HTTP status (see httpStatus).
 */
export async function getDockerJson(
  client: DockerClient,
  path: string,
  options: GetDockerJsonOptions,
): Promise<unknown> {
  const request = requestSignal(options.signal, options.timeoutMs, client.label);
  try {
    return await client.get(path, options.query ?? {}, request.signal);
  } catch (error) {
    throw client.error(error);
  } finally {
    request.done();
  }
}
