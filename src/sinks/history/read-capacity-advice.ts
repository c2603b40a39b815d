import { existsSync } from 'node:fs';
import type { ResolvedConfig } from '../../config/load-config.js';
import { adviseCapacity } from './advise-capacity.js';
import type { CapacityAdvice } from './capacity-advice.js';
import { defaultStateDbPath } from './default-state-db-path.js';
import { HistoryStore } from './history-store.js';

const WEEK_MS = 7 * 86_400_000;

/**
 * The capacity verdict over the last 7 days of the monitor's history, or null when no
 * history was ever recorded (the state file does not exist: nothing is created here).
 */
export function readCapacityAdvice(
  config: ResolvedConfig,
  path = defaultStateDbPath(),
): CapacityAdvice | null {
  if (!existsSync(path)) return null;
  const store = HistoryStore.open(path);
  try {
    return adviseCapacity({
      rows: store.loadRecent(Date.now() - WEEK_MS),
      queueDepthGood: config.thresholds.queueDepthGood,
      queueDepthWarn: config.thresholds.queueDepthWarn,
      failureRateCritical: config.thresholds.failureRateCritical,
      ...(config.queue?.preset === 'qfieldcloud'
        ? { replicasSetting: 'QFIELDCLOUD_WORKER_REPLICAS' }
        : {}),
    });
  } finally {
    store.close();
  }
}
