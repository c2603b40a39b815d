import { AuditLog } from '../actions/audit-log.js';
import { restartActionFor } from '../actions/restart-action-for.js';
import { loadConfig } from '../config/load-config.js';
import { createDockerClient } from '../app/create-docker-client.js';
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
  const client = createDockerClient(config);
  if (client === null || config.docker === null) {
    throw new ConfigError(
      'restart needs Docker: set DOCKER_HOST or the docker section of the config (docker.enabled is false)',
    );
  }
  const action = await restartActionFor(client, config.docker, name);
  return runCliAction(action, {
    dryRun: options.dryRun,
    yes: options.yes,
    audit: new AuditLog(config.auditLog),
  });
}
