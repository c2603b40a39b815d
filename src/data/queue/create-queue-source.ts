import type { ResolvedConfig } from '../config/load-config.js';
import { customPreset } from './postgres/custom-preset.js';
import type { PgPreset } from './postgres/pg-preset.js';
import { PostgresQueueSource } from './postgres/postgres-queue-source.js';
import { qfieldcloudPreset } from './postgres/qfieldcloud-preset.js';
import { rgridPreset } from './postgres/rgrid-preset.js';
import type { QueueSource } from './queue-source.js';

/** The configured queue source, or null when no queue URL is set. */
export function createQueueSource(config: ResolvedConfig): QueueSource | null {
  const queue = config.queue;
  if (queue === null) return null;
  let preset: PgPreset;
  switch (queue.preset) {
    case 'qfieldcloud':
      preset = qfieldcloudPreset;
      break;
    case 'rgrid':
      preset = rgridPreset;
      break;
    case 'custom':
      if (queue.custom === undefined) throw new TypeError('custom preset without mapping');
      preset = customPreset(queue.custom);
      break;
  }
  return new PostgresQueueSource({
    url: queue.url,
    urlEnv: queue.urlEnv,
    preset,
    statementTimeoutMs: queue.statementTimeout,
    jobTimeoutMs: queue.jobTimeout,
    windowMs: queue.window,
    queuedNoStartAfterMs: queue.queuedNoStartAfter,
    recountEveryMs: queue.recountEvery,
    stuckAfterMs: config.thresholds.stuckAfter,
    staleHeartbeatMs: config.thresholds.staleHeartbeat,
    readOnly: config.readOnly,
  });
}
