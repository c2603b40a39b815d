import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { isJobdeckError } from '../shared/errors.js';
import { redactSecrets } from '../shared/redact.js';
import type { CleanupOptions } from './cleanup.js';
import type { DashOptions } from './dash-command.js';
import type { DemoOptions } from './demo.js';
import type { AlertOptions } from './alert.js';
import type { HistoryOptions } from './history.js';
import type { MonitorOptions } from './monitor.js';
import type { ServeOptions } from './serve.js';
import type { SilenceOptions } from './silence.js';
import type { RestartOptions } from './restart.js';
import { configFlags, type GlobalOptions } from './global-options.js';
import type { StatusOptions } from './status.js';
import type { WatchCommandOptions } from './watch-command.js';

/** jobdeck's version: from the nearest package.json above this file (dist/ or src/cli/). */
function version(): string {
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'jobdeck' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here: look one directory up.
    }
  }
  return '0.0.0';
}

/**
 * argv → command. Commands live in their own files; this one only wires them, and
 * imports each on demand: `status` and `monitor` never load Ink and React, nor the
 * modules of commands that did not run.
 */
export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('jobdeck')
    .description('A live terminal dashboard for background-job worker fleets.')
    .version(version(), '-V, --version')
    .option(
      '-c, --config <file>',
      'config file (default ./jobdeck.yaml, then $XDG_CONFIG_HOME/jobdeck/config.yaml)',
    )
    .option('-t, --target <name>', 'which target of the config file')
    .option('--read-only', 'look, never touch: no actions, read-only database session')
    .option('--write', 'allow actions even when the config says readOnly')
    .option('-i, --interval <duration>', 'refresh interval, e.g. 2s or 500ms')
    .option('--no-color', 'plain output (also NO_COLOR=1 or TERM=dumb)')
    .showHelpAfterError('(run jobdeck --help for usage)')
    .exitOverride();

  program
    .command('dash', { isDefault: true })
    .description('the live dashboard (full screen; ? lists the keys)')
    .option('--ascii', 'ASCII borders and charts (also TERM=dumb)')
    .action(async (_opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<DashOptions>();
      const { dashCommand } = await import('./dash-command.js');
      setExitCode(await dashCommand(loadConfig(configFlags(options)), options));
    });

  program
    .command('watch')
    .description('a compact panel (7 lines) updated in place, for a tmux pane')
    .option('--ascii', 'ASCII characters only (also TERM=dumb)')
    .option('--once', 'print one frame and exit with the verdict (0/1/2)')
    .action(async (_opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<WatchCommandOptions>();
      const { watchCommand } = await import('./watch-command.js');
      setExitCode(await watchCommand(loadConfig(configFlags(options)), options));
    });

  program
    .command('status')
    .description('one-shot report; exit 0 operational, 1 degraded, 2 down')
    .option('--json', 'machine-readable report (schema in the README)')
    .option('-w, --watch', 'redraw every interval until Ctrl-C')
    .action(async (_opts: unknown, cmd: Command) => {
      setExitCode(
        await (await import('./status.js')).statusCommand(cmd.optsWithGlobals<StatusOptions>()),
      );
    });

  program
    .command('doctor')
    .description('check config, connectivity, permissions, indexes and clock; print the fixes')
    .action(async (_opts: unknown, cmd: Command) => {
      setExitCode(
        await (await import('./doctor.js')).doctorCommand(cmd.optsWithGlobals<GlobalOptions>()),
      );
    });

  program
    .command('cleanup')
    .description('mark stuck or orphaned jobs failed (never deletes): preview, confirm, run, audit')
    .addOption(
      new Option('--kind <kind>', 'which jobs')
        .choices(['stuck', 'dead-workers', 'stale-waiting'])
        .default('stuck'),
    )
    .option('--dry-run', 'show what would change and stop')
    .option('-y, --yes', 'confirm without asking (scripts)')
    .action(async (_opts: unknown, cmd: Command) => {
      setExitCode(
        await (await import('./cleanup.js')).cleanupCommand(cmd.optsWithGlobals<CleanupOptions>()),
      );
    });

  program
    .command('restart <name>')
    .description('restart a container, or every replica of a compose service one by one; audited')
    .option('--dry-run', 'show what would be restarted and stop')
    .option('-y, --yes', 'confirm without asking (scripts)')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      setExitCode(
        await (
          await import('./restart.js')
        ).restartCommand(name, cmd.optsWithGlobals<RestartOptions>()),
      );
    });

  program
    .command('monitor')
    .description(
      'headless: alert rules with cooldowns and silences, notifications, history (every 60 s, --interval)',
    )
    .option('--once', 'one check, then exit')
    .option('--passive', 'alerts only: no self-healing')
    .option(
      '--metrics-listen <host:port>',
      'serve Prometheus metrics at /metrics, e.g. 127.0.0.1:9464',
    )
    .action(async (_opts: unknown, cmd: Command) => {
      setExitCode(
        await (await import('./monitor.js')).monitorCommand(cmd.optsWithGlobals<MonitorOptions>()),
      );
    });

  program
    .command('serve')
    .description('the dashboard over SSH for your team: per-key roles, one poller for everyone')
    .option('--listen <host:port>', 'where to listen (default serve.listen, 127.0.0.1:2222)')
    .option('--host-key <file>', 'the host private key (default: generated into the state dir)')
    .action(async (_opts: unknown, cmd: Command) => {
      setExitCode(
        await (await import('./serve.js')).serveCommand(cmd.optsWithGlobals<ServeOptions>()),
      );
    });

  program
    .command('pause')
    .description("maintenance: stop the monitor's self-healing (--for 30m; default until resume)")
    .option('--for <duration>', 'how long')
    .action(async (opts: { for?: string }) => {
      const { pauseCommand } = await import('./pause.js');
      setExitCode(pauseCommand(opts.for));
    });

  program
    .command('resume')
    .description('end the maintenance pause of self-healing')
    .action(async () => {
      const { resumeCommand } = await import('./pause.js');
      setExitCode(resumeCommand());
    });

  program
    .command('alert')
    .description(
      '--test: a test alert on every channel; --check: what fires now; --show-config: effective alerting config',
    )
    .option('--test', 'send a test alert on every enabled channel and print each result')
    .option('--check', 'evaluate the rules once and print what is firing (nothing sent)')
    .option('--show-config', 'print the effective alerting config, secrets redacted')
    .action(async (_opts: unknown, cmd: Command) => {
      setExitCode(
        await (await import('./alert.js')).alertCommand(cmd.optsWithGlobals<AlertOptions>()),
      );
    });

  program
    .command('silence [rule]')
    .description('silence an alert rule (or * for all) --for a while; --list; --remove <id|rule>')
    .option('--for <duration>', 'how long, e.g. 2h')
    .option('--subject <subject>', 'only this subject (a container, a worker)')
    .option('--reason <text>', 'why, shown in the list')
    .option('--list', 'list the active silences')
    .option('--remove', 'remove the silence with this id, or every silence of this rule')
    .action(async (rule: string | undefined, _opts: unknown, cmd: Command) => {
      const { silenceCommand } = await import('./silence.js');
      setExitCode(silenceCommand(rule, cmd.optsWithGlobals<SilenceOptions>()));
    });

  program
    .command('history')
    .description('the recorded history (jobdeck monitor samples it every minute)')
    .option('--csv', 'timestamp,queue_depth,… on stdout')
    .option('--since <duration>', 'how far back', '7d')
    .action(async (_opts: unknown, cmd: Command) => {
      const { historyCommand } = await import('./history.js');
      setExitCode(await historyCommand(cmd.optsWithGlobals<HistoryOptions>()));
    });

  program
    .command('demo')
    .description('the whole product on an embedded PostgreSQL with a simulated QFieldCloud fleet')
    .addOption(
      new Option(
        '--data-dir <dir>',
        'where the demo database lives (default $XDG_STATE_HOME/jobdeck/demo)',
      ),
    )
    .addOption(
      new Option('--queue <kind>', 'the simulated queue')
        .choices(['postgres', 'sqlite', 'rq'])
        .default('postgres'),
    )
    .addOption(
      new Option(
        '--speed <factor>',
        'simulated time runs this many times faster (postgres queue; 1 to 100)',
      ).default('1'),
    )
    .action(async (_opts: unknown, cmd: Command) => {
      // Loaded on demand: the embedded server is only for the demo, not for every start.
      const { demoCommand } = await import('./demo.js');
      setExitCode(await demoCommand(cmd.optsWithGlobals<DemoOptions>()));
    });

  return program;
}

/** Runs the CLI; returns the process exit code. Errors end as one line on stderr. */
export async function runCli(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors exit 2 (commander already printed them).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isJobdeckError(error)) {
      process.stderr.write(`jobdeck: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(
      `jobdeck: unexpected error: ${redactSecrets(message)}\nPlease report it with the command you ran.\n`,
    );
    return 70;
  }
}
