import { AuditLog } from '../actions/audit-log.js';
import { cleanupJobsAction } from '../actions/cleanup-jobs-action.js';
import { loadConfig } from '../config/load-config.js';
import { ActionRefusedError, ConfigError } from '../shared/errors.js';
import { createQueueSource } from '../app/create-queue-source.js';
import type { CleanupKind } from '../sources/queue/core/queue-source.js';
import { configFlags, type GlobalOptions } from './global-options.js';
import { runCliAction } from './run-cli-action.js';

export interface CleanupOptions extends GlobalOptions {
  kind?: string;
  dryRun?: boolean;
  yes?: boolean;
}

const KINDS: readonly CleanupKind[] = ['stuck', 'dead-workers', 'stale-waiting'];

/**
 * `jobdeck cleanup`: the cleanup action from the command line. Shows the plan, asks for
 * the typed word `cleanup` (or takes `--yes`), runs it, writes the audit line.
 */
export async function cleanupCommand(options: CleanupOptions): Promise<number> {
  const kind = (options.kind ?? 'stuck') as CleanupKind;
  if (!KINDS.includes(kind)) {
    throw new ConfigError(`--kind ${options.kind ?? ''}: expected one of ${KINDS.join(', ')}`);
  }
  const config = loadConfig(configFlags(options));
  if (config.readOnly && options.dryRun !== true) {
    throw new ActionRefusedError(
      'read-only mode: cleanup is disabled (use --dry-run to preview, or --write)',
    );
  }
  const source = createQueueSource(config);
  if (source === null)
    throw new ConfigError('cleanup needs a queue: set DATABASE_URL (or queue.urlEnv)');
  if (!source.cleanupKinds().includes(kind)) {
    await source.close();
    throw new ConfigError(
      `--kind ${kind}: the ${source.preset} preset offers ${source.cleanupKinds().join(', ')}`,
    );
  }
  try {
    return await runCliAction(cleanupJobsAction(source, kind), {
      dryRun: options.dryRun,
      yes: options.yes,
      audit: new AuditLog(config.auditLog),
    });
  } finally {
    await source.close();
  }
}
