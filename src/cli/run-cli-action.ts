import type { Action } from '../actions/action.js';
import { currentActor, type AuditLog } from '../actions/audit-log.js';
import { runAction } from '../actions/run-action.js';
import { ConfigError } from '../shared/errors.js';
import { prompt } from './prompt.js';

/**
 * An action from the command line: print the preview, confirm (the typed word when the
 * action asks for one, else y/N; `--yes` for scripts; never without a terminal), run,
 * print per-item results, audit. Returns the exit code.
 */
export async function runCliAction<Plan>(
  action: Action<Plan>,
  options: { dryRun?: boolean | undefined; yes?: boolean | undefined; audit: AuditLog },
): Promise<number> {
  const outcome = await runAction(action, {
    audit: options.audit,
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
        ? /^y(es)?$/i.test(await prompt(`${action.label}? [y/N] `))
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
      process.stdout.write(`${outcome.result.summary} (audit: ${options.audit.path})\n`);
      return outcome.result.ok ? 0 : 1;
  }
}
