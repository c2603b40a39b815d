import { loadConfig, type ResolvedConfig } from '../config/load-config.js';
import { ConfigError } from '../shared/errors.js';
import { runEvery } from '../shared/scheduler.js';
import { StatusCollector } from '../app/status-collector.js';
import type { StatusReport } from '../app/status/status-report.js';
import { statusText } from '../ui/view-models/status-text.js';
import { configFlags, type GlobalOptions } from './global-options.js';
import { useColor } from './output.js';

export interface StatusOptions extends GlobalOptions {
  json?: boolean;
  watch?: boolean;
}

function nothingReachable(report: StatusReport): boolean {
  const known = report.readiness.filter((c) => c.level !== 'unknown');
  return known.length > 0 && known.every((c) => c.level === 'fail');
}

/** `jobdeck status`: one report, exit 0 / 1 / 2 for operational / degraded / down. */
export async function statusCommand(options: StatusOptions): Promise<number> {
  const config = loadConfig(configFlags(options));
  if (options.watch === true) return watchStatus(config, options);
  if (!config.targetChosen && config.targets.length > 1) return statusOfTargets(config, options);
  const collector = new StatusCollector(config);
  if (collector.empty) throw nothingConfigured();
  try {
    const report = await collector.collect();
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      process.stdout.write(
        `${statusText(report, { color: useColor(process.stdout, options.color) }).join('\n')}\n`,
      );
    }
    if (nothingReachable(report)) {
      const first = report.readiness.find((c) => c.level === 'fail');
      process.stderr.write(
        `jobdeck: nothing could be reached (${first?.name ?? ''}: ${first?.detail ?? ''})\n`,
      );
    }
    return report.exitCode;
  } finally {
    await collector.close();
  }
}

/**
 * Every target of the file at once (each its own collectors, read concurrently): one
 * report per target, the exit code of the worst. `--json` gives `{ exitCode, targets }`.
 */
async function statusOfTargets(first: ResolvedConfig, options: StatusOptions): Promise<number> {
  const configs = first.targets.map((target) =>
    target === first.target ? first : loadConfig({ ...configFlags(options), target }),
  );
  const collectors = configs.map((config) => new StatusCollector(config));
  try {
    const reports = await Promise.all(collectors.map((c) => c.collect()));
    const exitCode = Math.max(...reports.map((r) => r.exitCode));
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify({ exitCode, targets: reports }, null, 2)}\n`);
    } else {
      const color = useColor(process.stdout, options.color);
      const blocks = reports.map((report) => statusText(report, { color }).join('\n'));
      process.stdout.write(`${blocks.join('\n\n')}\n`);
    }
    return exitCode;
  } finally {
    await Promise.all(collectors.map((c) => c.close()));
  }
}

function nothingConfigured(): ConfigError {
  return new ConfigError(
    'nothing to check: set DATABASE_URL (or queue.urlEnv) to your queue database, or add probes to jobdeck.yaml; see the README, Configuration',
  );
}

/**
 * The status report redrawn every interval (what `jobdeck` and the demo show until the
 * full dashboard lands). Ctrl-C quits.
 */
export async function watchStatus(
  config: ResolvedConfig,
  options: GlobalOptions,
  header?: string,
): Promise<number> {
  const collector = new StatusCollector(config);
  if (collector.empty) throw nothingConfigured();
  const controller = new AbortController();
  const quit = (): void => {
    controller.abort();
  };
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
  const color = useColor(process.stdout, options.color);
  let exitCode = 0;
  try {
    await runEvery(
      config.intervalMs,
      async () => {
        const report = await collector.collect();
        exitCode = report.exitCode;
        const lines = statusText(report, { color });
        const footer = `refreshing every ${config.intervalMs / 1000}s · Ctrl-C to quit`;
        const top = header === undefined ? [] : [header, ''];
        // Home + clear below: one write per refresh, no flicker of a full clear.
        process.stdout.write(`\u001b[H\u001b[2J${[...top, ...lines, '', footer].join('\n')}\n`);
      },
      controller.signal,
    );
  } finally {
    process.off('SIGINT', quit);
    process.off('SIGTERM', quit);
    await collector.close();
  }
  return exitCode;
}
