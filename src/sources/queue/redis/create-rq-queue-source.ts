import { RqQueueSource, type RqQueueOptions } from './rq-queue-source.js';

/**
 * The `rq` and `frappe` presets' source. The caller resolves the URL (and an optional
 * separate password) from the environment variables the config names; both are
 * registered as secrets by the source before any message can contain them.
 */
export function createRqQueueSource(opts: RqQueueOptions): RqQueueSource {
  return new RqQueueSource(opts);
}
