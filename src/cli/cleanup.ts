import { AuditLog, currentActor } from '../actions/audit-log.js';
import { cleanupJobsAction } from '../actions/cleanup-jobs-action.js';
import { runAction } from '../actions/run-action.js';
import { loadConfig } from '../data/config/load-config.js';
import { ActionRefusedError, ConfigError } from '../data/errors.js';
import { createQueueSource } from '../data/queue/create-queue-source.js';
import type { CleanupKind } from '../data/queue/queue-source.js';
import { configFlags, type GlobalOptions } from './global-options.js';
import { prompt } from './prompt.js';

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
  const audit = new AuditLog(config.auditLog);
  try {
    const outcome = await runAction(cleanupJobsAction(source, kind), {
      audit,
      actor: currentActor('cli'),
      confirm: async (preview) => {
        process.stdout.write(
          `${preview.summary}\n${preview.details.map((d) => `  ${d}`).join('\n')}\n`,
        );
        if (options.dryRun === true) return false;
        if (options.yes === true) return true;
        if (!process.stdin.isTTY) {
          throw new ConfigError(
            'not a terminal: pass --yes to confirm, or --dry-run to only preview',
          );
        }
        return (
          (await prompt(`type ${preview.confirmWord ?? 'yes'} to confirm: `)) ===
          (preview.confirmWord ?? 'yes')
        );
      },
    });
    switch (outcome.state) {
      case 'nothing-to-do':
        process.stdout.write(`${outcome.summary}\n`);
        return 0;
      case 'declined':
        process.stdout.write(
          options.dryRun === true
            ? 'dry run: nothing changed\n'
            : 'not confirmed: nothing changed\n',
        );
        return 0;
      case 'done':
        process.stdout.write(`${outcome.result.summary} (audit: ${audit.path})\n`);
        return outcome.result.ok ? 0 : 1;
    }
  } finally {
    await source.close();
  }
}
