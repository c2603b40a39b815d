import type { ProbeConfig } from '../../config/config-schema.js';
import { PollingCollector } from '../../shared/polling-collector.js';
import { okResult, type SourceResult } from '../../shared/source-result.js';
import { runConfiguredProbes, type ConfiguredProbeResult } from './run-configured-probes.js';

/** Probes hit other people's services (QFieldCloud caches its status 60 s): not every tick. */
export const MIN_PROBE_INTERVAL_MS = 10_000;

/** The probes' collector: every configured probe, in parallel, at most every 10 s. */
export function probeCollector(
  probes: readonly ProbeConfig[],
  intervalMs: number,
  now: () => number = Date.now,
): PollingCollector<SourceResult<readonly ConfiguredProbeResult[]>> {
  return new PollingCollector({
    intervalMs: Math.max(MIN_PROBE_INTERVAL_MS, intervalMs),
    poll: async () => {
      const started = performance.now();
      const results = await runConfiguredProbes(probes);
      return okResult(results, now(), performance.now() - started);
    },
  });
}
