import { AuditLog, currentActor } from '../actions/audit-log.js';
import { restartActionFor } from '../actions/restart-action-for.js';
import { runAction } from '../actions/run-action.js';
import { loadConfig } from '../data/config/load-config.js';
import { createDockerClient } from '../data/docker/create-docker-client.js';
import { ActionRefusedError, ConfigError } from '../data/errors.js';
import { configFlags, type GlobalOptions } from './global-options.js';
import { prompt } from './prompt.js';

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
  const audit = new AuditLog(config.auditLog);
  const outcome = await runAction(action, {
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
      const word = preview.confirmWord;
      return word === null
        ? /^y(es)?$/i.test(await prompt('restart? [y/N] '))
        : (await prompt(`type ${word} to confirm: `)) === word;
    },
  });
  switch (outcome.state) {
    case 'nothing-to-do':
      process.stdout.write(`${outcome.summary}\n`);
      return 0;
    case 'declined':
      process.stdout.write(
        options.dryRun === true ? 'dry run: nothing changed\n' : 'not confirmed: nothing changed\n',
      );
      return 0;
    case 'done':
      for (const item of outcome.result.items) {
        process.stdout.write(`  ${item.ok ? 'ok  ' : 'FAIL'}  ${item.target}  ${item.detail}\n`);
      }
      process.stdout.write(`${outcome.result.summary} (audit: ${audit.path})\n`);
      return outcome.result.ok ? 0 : 1;
  }
}
