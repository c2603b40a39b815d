import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { stringify } from 'yaml';
import type { z } from 'zod';

import { fileConfigSchema } from '../config/config-schema.js';
import { quoteShell } from '../sources/services/processes/quote-shell.js';

/** The service the demo's replicas form, as in QFieldCloud's docker-compose.yml. */
export const DEMO_WORKER_SERVICE = 'worker_wrapper';

/**
 * Writes `<dataDir>/jobdeck.yaml`, the configuration the demo's dashboard and its
 * `jobdeck monitor` both read: the QFieldCloud queue (its URL comes from DATABASE_URL)
 * and the replicas through the processes provider — pid files, log files, and a restart
 * command that asks the demo to restart one — and probes of its simulated API and cache
 * (see startDemoEndpoints), on this run's ports. Rewritten on every start; returns its path.
 * A reader learns from it how to point jobdeck at their own processes.
 */
export function writeDemoConfig(
  dataDir: string,
  runDir: string,
  endpoints: { readonly statusUrl: string; readonly cachePort: number },
): string {
  const config: z.input<typeof fileConfigSchema> = {
    queue: { preset: 'qfieldcloud', urlEnv: 'DATABASE_URL' },
    services: {
      processes: [
        {
          name: DEMO_WORKER_SERVICE,
          pidFiles: join(runDir, `${DEMO_WORKER_SERVICE}-*.pid`),
          logFile: join(runDir, '{name}.log'),
          restart: `touch ${quoteShell(runDir)}/{name}.restart`,
        },
      ],
      workerPattern: DEMO_WORKER_SERVICE,
    },
    probes: [
      {
        kind: 'http',
        name: 'api',
        url: endpoints.statusUrl,
        bodyJson: { database: 'ok', storage: 'ok' },
      },
      { kind: 'memcached', name: 'cache', host: '127.0.0.1', port: endpoints.cachePort },
    ],
  };
  // What the loader will accept: a mistake here fails the demo's start, not its reader.
  fileConfigSchema.parse(config);
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'jobdeck.yaml');
  const text = [
    '# Written by `jobdeck demo` on every start: what its dashboard and monitor read.',
    '# DATABASE_URL is the embedded PostgreSQL the demo starts. Edits are overwritten.',
    stringify(config),
  ].join('\n');
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
  return path;
}
