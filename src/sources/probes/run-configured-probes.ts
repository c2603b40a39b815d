import type { ProbeConfig } from '../../config/config-schema.js';
import { httpProbe } from './http-probe.js';
import { memcachedProbe } from './memcached-probe.js';
import type { ProbeResult } from './probe-result.js';
import { tcpProbe } from './tcp-probe.js';

export interface ConfiguredProbeResult {
  readonly result: ProbeResult;
  readonly critical: boolean;
}

/** Runs every probe from the config in parallel; probes never throw. */
export function runConfiguredProbes(
  probes: readonly ProbeConfig[],
  signal?: AbortSignal,
): Promise<ConfiguredProbeResult[]> {
  return Promise.all(
    probes.map(async (p): Promise<ConfiguredProbeResult> => {
      const common = {
        name: p.name,
        timeoutMs: p.timeout,
        ...(signal === undefined ? {} : { signal }),
      };
      switch (p.kind) {
        case 'http':
          return {
            critical: p.critical,
            result: await httpProbe({
              ...common,
              url: p.url,
              expectStatus: p.expectStatus,
              ...(p.hostHeader === undefined ? {} : { hostHeader: p.hostHeader }),
              ...(p.bodyJson === undefined ? {} : { bodyJson: p.bodyJson }),
              insecureTls: p.insecureTls,
            }),
          };
        case 'memcached':
          return {
            critical: p.critical,
            result: await memcachedProbe({ ...common, host: p.host, port: p.port }),
          };
        case 'tcp':
          return {
            critical: p.critical,
            result: await tcpProbe({ ...common, host: p.host, port: p.port }),
          };
      }
    }),
  );
}
