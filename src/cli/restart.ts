import { AuditLog } from '../actions/audit-log.js';
import { loadConfig } from '../config/load-config.js';
import { createRestarter } from '../app/create-restarter.js';
import { createServiceProvider } from '../app/create-service-provider.js';
import { ActionRefusedError, ConfigError } from '../shared/errors.js';
import { configFlags, type GlobalOptions } from './global-options.js';
import { runCliAction } from './run-cli-action.js';

export interface RestartOptions extends GlobalOptions {
  dryRun?: boolean;
  yes?: boolean;
}

/**
 * `jobdeck restart <service|container>`: the restart action from the command line —
 * one container, or every replica of a service one by one — with a preview, a
 * confirmation (the service name typed for several replicas) and an audit line.
 */
export async function restartCommand(name: string, options: RestartOptions): Promise<number> {
  const config = loadConfig(configFlags(options));
  if (config.readOnly && options.dryRun !== true) {
    throw new ActionRefusedError(
      'read-only mode: restart is disabled (use --dry-run to preview, or --write)',
    );
  }
  const provider = createServiceProvider(config);
  const restarter = createRestarter(config, provider);
  if (restarter === null) {
    throw new ConfigError(
      'restart needs Docker or a service provider: set DOCKER_HOST, the docker section, or services (supervisor, systemd, processes) in the config',
    );
  }
  try {
    const action = await restarter.named(name);
    return await runCliAction(action, {
      dryRun: options.dryRun,
      yes: options.yes,
      audit: new AuditLog(config.auditLog),
    });
  } finally {
    await provider?.close();
  }
}
