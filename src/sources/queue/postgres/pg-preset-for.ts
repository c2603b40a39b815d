import type { QueueConfig } from '../../../config/config-schema.js';
import { ConfigError } from '../../../shared/errors.js';
import { customPreset } from './custom-preset.js';
import type { PgPreset } from './pg-preset.js';
import { qfieldcloudPreset } from './qfieldcloud-preset.js';
import { rgridPreset } from './rgrid-preset.js';

/** The PostgreSQL preset the queue config names. */
export function pgPresetFor(queue: QueueConfig): PgPreset {
  switch (queue.preset) {
    case 'qfieldcloud':
      return qfieldcloudPreset;
    case 'rgrid':
      return rgridPreset;
    case 'custom':
      if (queue.custom === undefined) {
        throw new ConfigError(
          'queue.custom: missing; the custom preset needs table, columns and statuses',
        );
      }
      return customPreset(queue.custom);
    case 'sqlite':
    case 'rq':
    case 'frappe':
      throw new ConfigError(`queue.preset ${queue.preset} is not a PostgreSQL preset`);
  }
}
