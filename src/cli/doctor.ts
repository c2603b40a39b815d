import { loadConfig, type ResolvedConfig } from '../config/load-config.js';
import { doctorExitCode, type DoctorCheck } from '../app/doctor/doctor-check.js';
import { dockerDoctor } from '../app/doctor/docker-doctor.js';
import { postgresDoctor } from '../app/doctor/postgres-doctor.js';
import { readDoctor } from '../app/doctor/read-doctor.js';
import { sqliteDoctor } from '../app/doctor/sqlite-doctor.js';
import { errorLine, isJobdeckError } from '../shared/errors.js';
import { runConfiguredProbes } from '../sources/probes/run-configured-probes.js';
import { pgPresetFor } from '../sources/queue/postgres/pg-preset-for.js';
import { doctorText } from '../ui/view-models/doctor-text.js';
import { configFlags, type GlobalOptions } from './global-options.js';
import { useColor } from './output.js';

/**
 * `jobdeck doctor`: config, connectivity, permissions, indexes and clock, one line
 * each with the fix. Exit 0 / 1 / 2 like `status`.
 */
export async function doctorCommand(options: GlobalOptions): Promise<number> {
  const checks: DoctorCheck[] = [];
  let config: ResolvedConfig;
  try {
    config = loadConfig(configFlags(options));
    checks.push({
      name: 'config',
      level: 'ok',
      detail:
        config.source === 'environment'
          ? 'no config file; using the environment'
          : `${config.source} is valid (target ${config.target})`,
      fix: null,
      latencyMs: null,
    });
  } catch (error) {
    checks.push({
      name: 'config',
      level: 'fail',
      detail: errorLine(error),
      fix: isJobdeckError(error) ? 'fix the field named above' : null,
      latencyMs: null,
    });
    return print(checks, options);
  }

  if (config.queue === null) {
    checks.push({
      name: 'queue',
      level: 'warn',
      detail: 'no queue configured',
      fix: 'set DATABASE_URL (or the variable queue.urlEnv names)',
      latencyMs: null,
    });
  } else if (config.queue.preset === 'rq' || config.queue.preset === 'frappe') {
    checks.push(...(await readDoctor(config)));
  } else if (config.queue.preset === 'sqlite') {
    checks.push(...(await sqliteDoctor(config)));
  } else {
    checks.push(
      ...(await postgresDoctor(config.queue, pgPresetFor(config.queue), config.readOnly)),
    );
  }
  checks.push(...(await dockerDoctor(config)));
  for (const { result } of await runConfiguredProbes(config.probes)) {
    checks.push({
      name: `probe ${result.name}`,
      level: result.level === 'unknown' ? 'skip' : result.level,
      detail: result.detail,
      fix:
        result.level === 'fail'
          ? 'check the probe settings in the config file and that the service runs'
          : null,
      latencyMs: result.latencyMs,
    });
  }
  return print(checks, options);
}

function print(checks: readonly DoctorCheck[], options: GlobalOptions): number {
  process.stdout.write(
    `${doctorText(checks, { color: useColor(process.stdout, options.color) }).join('\n')}\n`,
  );
  return doctorExitCode(checks);
}
