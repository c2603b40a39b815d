import type { ResolvedConfig } from '../config/load-config.js';
import type { CapacityAdvice } from '../sinks/history/capacity-advice.js';
import { readCapacityAdvice } from '../sinks/history/read-capacity-advice.js';
import { stateDbPathFor } from '../sinks/history/state-db-path-for.js';
import type { AppStore } from '../store/app-store.js';
import { createStore } from './create-store.js';
import { buildStatusReport } from './status/build-status-report.js';
import type { StatusReport } from './status/status-report.js';

/**
 * What `status` reports, collected through the same store the live views use. Keeps the
 * store (and its queue source) between calls, so a refreshing view pays the full
 * recount once and one cheap read afterwards.
 */
export class StatusCollector {
  private readonly store: AppStore;
  private capacity: CapacityAdvice | null = null;
  private capacityAt = 0;

  constructor(private readonly config: ResolvedConfig) {
    this.store = createStore(config).store;
  }

  /** True when there is nothing at all to check (no queue, no Docker, no probes). */
  get empty(): boolean {
    const s = this.store.getSnapshot();
    return s.queue.status === 'off' && s.docker.status === 'off' && s.probes.status === 'off';
  }

  async collect(): Promise<StatusReport> {
    const snapshot = await this.store.refreshOnce();
    const now = Date.now();
    // History changes once a minute at most: read it once a minute, not every redraw.
    if (now - this.capacityAt > 60_000) {
      this.capacity = readCapacityAdvice(this.config, stateDbPathFor(this.config));
      this.capacityAt = now;
    }
    return buildStatusReport(snapshot, now, this.capacity);
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
