import type { ResolvedConfig } from '../config/load-config.js';
import { createDockerCollector } from '../docker/create-docker-collector.js';
import { createQueueSource } from '../queue/create-queue-source.js';
import { AppStore } from '../store/app-store.js';
import { buildStatusReport } from './build-status-report.js';
import type { StatusReport } from './status-report.js';

/**
 * What `status` reports, collected through the same store the live views use. Keeps the
 * store (and its queue source) between calls, so a refreshing view pays the full
 * recount once and one cheap read afterwards.
 */
export class StatusCollector {
  private readonly store: AppStore;
  private readonly hasSource: boolean;

  constructor(private readonly config: ResolvedConfig) {
    const queue = createQueueSource(config);
    const docker = createDockerCollector(config);
    this.hasSource = queue !== null || docker !== null;
    this.store = new AppStore({ config, queue, docker });
  }

  /** True when there is nothing at all to check (no queue, no Docker, no probes). */
  get empty(): boolean {
    return !this.hasSource && this.config.probes.length === 0;
  }

  async collect(): Promise<StatusReport> {
    return buildStatusReport(await this.store.refreshOnce(), Date.now());
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
