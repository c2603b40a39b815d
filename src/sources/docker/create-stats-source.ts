import type { DockerConfig } from '../../config/docker-config-schema.js';
import type { DockerClient } from './docker-client.js';
import { StatsPoller } from './stats-poller.js';
import type { StatsSource } from './stats-source.js';
import { StatsStreams } from './stats-streams.js';

/**
 * The config's `stats` choice: one-shot polling, or long-lived streams (`stream`, and
 * `auto`, which the monitor turns into polling once per check before it gets here).
 */
export function createStatsSource(
  client: DockerClient,
  config: DockerConfig,
  onSample: () => void,
  debug: (line: string) => void,
): StatsSource {
  return config.stats === 'poll'
    ? new StatsPoller(
        client,
        { intervalMs: config.statsEvery, timeoutMs: config.requestTimeout },
        onSample,
        debug,
      )
    : new StatsStreams(client, onSample, debug);
}
