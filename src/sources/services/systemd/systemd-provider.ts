import type { SystemdConfig } from '../../../config/services-config-schema.js';
import { ActionRefusedError } from '../../../shared/errors.js';
import {
  PROVIDER_READ_ONLY,
  type InstanceLogLine,
  type InstanceRestartOutcome,
  type ServiceProvider,
  type ServicesListing,
} from '../service-provider.js';
import { buildSystemdInstance } from './build-systemd-instance.js';
import { createSystemctlRunner } from './create-systemctl-runner.js';
import { hasGlob } from './has-glob.js';
import { isConfiguredUnit } from './is-configured-unit.js';
import { mapWithLimit } from './map-with-limit.js';
import { measureUnitResources } from './measure-unit-resources.js';
import { parseListUnits } from './parse-list-units.js';
import { parseSystemdUnits } from './parse-systemd-units.js';
import { readJournalLine } from './read-journal-line.js';
import { restartUnit } from './restart-unit.js';
import { runSystemctl } from './run-systemctl.js';
import { selectUnits } from './select-units.js';
import { systemctlArgs } from './systemctl-args.js';
import type { SystemctlRunner } from './systemctl-runner.js';
import { UnitCpuMeter } from './unit-cpu-meter.js';

export interface SystemdProviderOptions {
  readonly config: SystemdConfig;
  readonly readOnly: boolean;
  /** Bounds every `systemctl show`/`list-units`/`journalctl` call of the default runner. */
  readonly requestTimeoutMs: number;
  /** Bounds `systemctl restart` plus the wait until the unit runs again. */
  readonly startTimeoutMs: number;
  /**
   * Runs systemctl and journalctl (tests replay recorded output). An injected runner is
   * used for every call and owns its timeouts; default: execFile with the two above.
   */
  readonly runner?: SystemctlRunner;
  /** Where the cgroup hierarchy is mounted, for units systemd does not account; default `/sys/fs/cgroup`. */
  readonly cgroupRoot?: string;
  /** The clock of resource samples (tests); default Date.now. */
  readonly now?: () => number;
}

/** journalctl calls in flight at once, per list(). */
const JOURNAL_CONCURRENCY = 4;

/**
 * systemd units by name or glob (services.systemd), read with systemctl: `list-units`
 * expands the globs, one `systemctl show` reads every unit, and the journal gives each
 * its last line. systemd measures each unit's cgroup, so its resources are systemd's.
 */
export class SystemdProvider implements ServiceProvider {
  readonly kind = 'systemd';
  readonly label: string;
  readonly #options: SystemdProviderOptions;
  readonly #user: boolean;
  readonly #runner: SystemctlRunner;
  readonly #restartRunner: SystemctlRunner;
  readonly #cgroupRoot: string;
  readonly #now: () => number;
  readonly #cpu = new UnitCpuMeter();

  constructor(options: SystemdProviderOptions) {
    this.#options = options;
    this.#user = options.config.user;
    this.#runner = options.runner ?? createSystemctlRunner(options.requestTimeoutMs);
    this.#restartRunner = options.runner ?? createSystemctlRunner(options.startTimeoutMs);
    this.#cgroupRoot = options.cgroupRoot ?? '/sys/fs/cgroup';
    this.#now = options.now ?? Date.now;
    const units = options.config.units.join(', ');
    this.label = `systemd (${units})${this.#user ? ' --user' : ''}`;
  }

  async list(signal?: AbortSignal): Promise<ServicesListing> {
    const endpoint = this.#user ? 'systemd --user' : 'systemd';
    const patterns = this.#options.config.units;
    const globs = patterns.filter(hasGlob);
    const listed =
      globs.length === 0
        ? []
        : parseListUnits(
            await runSystemctl(
              this.#runner,
              this.#user,
              systemctlArgs.listUnits(this.#user, globs),
              signal,
            ),
          );
    const selected = selectUnits(patterns, listed);
    if (selected.length === 0) return { endpoint, version: null, instances: [] };
    const stdout = await runSystemctl(
      this.#runner,
      this.#user,
      systemctlArgs.show(this.#user, selected),
      signal,
    );
    const units = parseSystemdUnits(stdout);
    const at = this.#now();
    const logs = await mapWithLimit(
      units,
      JOURNAL_CONCURRENCY,
      (unit): Promise<InstanceLogLine | null> =>
        this.#options.config.journal && unit.LoadState !== 'not-found'
          ? readJournalLine(this.#runner, this.#user, unit.Id, signal)
          : Promise.resolve(null),
    );
    const instances = [];
    for (const [index, unit] of units.entries()) {
      const resources = await measureUnitResources(unit, this.#cgroupRoot, this.#cpu, at);
      instances.push(buildSystemdInstance(unit, resources, logs[index] ?? null));
    }
    this.#cpu.keepOnly(new Set(units.map((unit) => unit.Id)));
    return { endpoint, version: null, instances };
  }

  async restart(id: string, signal?: AbortSignal): Promise<InstanceRestartOutcome> {
    if (this.#options.readOnly) throw new ActionRefusedError(PROVIDER_READ_ONLY);
    if (!isConfiguredUnit(this.#options.config.units, id)) {
      throw new ActionRefusedError(
        `${id} is not a unit of ${this.label} (restart one of the configured units or a service its globs match)`,
      );
    }
    return restartUnit(id, {
      user: this.#user,
      runner: this.#runner,
      restartRunner: this.#restartRunner,
      startTimeoutMs: this.#options.startTimeoutMs,
      signal,
    });
  }

  describeRestart(id: string): string {
    return ['systemctl', ...systemctlArgs.restart(this.#user, id)].join(' ');
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
