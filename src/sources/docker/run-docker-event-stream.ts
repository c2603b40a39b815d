import { SourceUnreachableError, type JobdeckError } from '../../shared/errors.js';
import { dockerEventSchema, type DockerEvent } from './docker-api-schemas.js';
import type { DockerClient } from './docker-client.js';
import { onJsonLines } from './on-json-lines.js';

/** Container events that change what the panel shows. */
const WATCHED_EVENTS = [
  'create',
  'start',
  'restart',
  'die',
  'kill',
  'oom',
  'stop',
  'pause',
  'unpause',
  'health_status',
  'destroy',
] as const;

export interface DockerEventHandlers {
  onEvent(event: DockerEvent): void;
  /** Connected (again): whatever happened meanwhile is unknown, so resync. */
  onConnect(): void;
  onDisconnect(error: JobdeckError): void;
}

const RETRY_MS = 250;
const RETRY_MAX_MS = 8_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * `GET /events` filtered to container events, kept open for the collector's lifetime.
 * When it drops (engine restart, network), it reconnects with exponential backoff
 * (250 ms doubling to 8 s), and every (re)connection is reported so the caller resyncs.
 */
export async function runDockerEventStream(
  client: DockerClient,
  handlers: DockerEventHandlers,
  signal: AbortSignal,
): Promise<void> {
  const filters = JSON.stringify({ type: ['container'], event: WATCHED_EVENTS });
  let failures = 0;
  // A function, not a narrowed property: the signal can fire while we await.
  const stopped = (): boolean => signal.aborted;
  while (!stopped()) {
    let error: JobdeckError;
    try {
      const response = await client.stream('/events', { filters }, signal);
      failures = 0;
      handlers.onConnect();
      await onJsonLines(response, (json) => {
        const parsed = dockerEventSchema.safeParse(json);
        if (parsed.success) handlers.onEvent(parsed.data);
      });
      response.destroy();
      error = new SourceUnreachableError(
        `lost the event stream of the Docker engine at ${client.label}: is it restarting? reconnecting`,
      );
    } catch (caught) {
      error = client.error(caught);
    }
    if (stopped()) break;
    handlers.onDisconnect(error);
    failures++;
    await sleep(Math.min(RETRY_MAX_MS, RETRY_MS * 2 ** (failures - 1)), signal);
  }
}
