import type { ResolvedConfig } from '../config/load-config.js';
import type { ServicesConfig } from '../config/services-config-schema.js';
import type {
  InstanceRestartOutcome,
  ServiceProvider,
  ServiceProviderKind,
  ServicesListing,
} from '../sources/services/service-provider.js';

/**
 * A provider whose implementation is imported on first use: `status` against a
 * supervisord never loads the systemd or /proc code, and the factory stays synchronous
 * for createStore. `describeRestart` needs the implementation, so it is only asked
 * after a `list` or `restart` has loaded it (the dialog opens on a listed row).
 */
class LazyServiceProvider implements ServiceProvider {
  #loaded: Promise<ServiceProvider> | null = null;
  #provider: ServiceProvider | null = null;

  constructor(
    readonly kind: ServiceProviderKind,
    readonly label: string,
    private readonly load: () => Promise<ServiceProvider>,
  ) {}

  #get(): Promise<ServiceProvider> {
    this.#loaded ??= this.load().then((p) => (this.#provider = p));
    return this.#loaded;
  }

  async list(signal?: AbortSignal): Promise<ServicesListing> {
    return (await this.#get()).list(signal);
  }

  async restart(id: string, signal?: AbortSignal): Promise<InstanceRestartOutcome> {
    return (await this.#get()).restart(id, signal);
  }

  describeRestart(id: string): string {
    if (this.#provider === null) return `restart ${id} through ${this.label}`;
    return this.#provider.describeRestart(id);
  }

  async close(): Promise<void> {
    if (this.#loaded !== null) await (await this.#loaded).close();
  }
}

function kindOf(services: ServicesConfig): ServiceProviderKind {
  if (services.supervisor !== undefined) return 'supervisor';
  if (services.systemd !== undefined) return 'systemd';
  return 'processes';
}

/** The configured service provider (services:), or null when the target has none. */
export function createServiceProvider(
  config: Pick<ResolvedConfig, 'services' | 'readOnly'>,
  env: NodeJS.ProcessEnv = process.env,
): ServiceProvider | null {
  const services = config.services;
  if (services === null) return null;
  const common = {
    readOnly: config.readOnly,
    requestTimeoutMs: services.requestTimeout,
    startTimeoutMs: services.restart.startTimeout,
  };
  const kind = kindOf(services);
  const { supervisor, systemd, processes } = services;
  if (supervisor !== undefined) {
    return new LazyServiceProvider(kind, `supervisor at ${supervisor.url}`, async () => {
      const { SupervisorProvider } =
        await import('../sources/services/supervisor/supervisor-provider.js');
      return new SupervisorProvider({ ...common, config: supervisor, env });
    });
  }
  if (systemd !== undefined) {
    return new LazyServiceProvider(
      kind,
      `systemd (${systemd.units.join(', ')})${systemd.user ? ' --user' : ''}`,
      async () => {
        const { SystemdProvider } = await import('../sources/services/systemd/systemd-provider.js');
        return new SystemdProvider({ ...common, config: systemd });
      },
    );
  }
  const groups = processes ?? [];
  return new LazyServiceProvider(
    kind,
    `processes (${groups.map((g) => g.name).join(', ')})`,
    async () => {
      const { ProcessesProvider } =
        await import('../sources/services/processes/processes-provider.js');
      return new ProcessesProvider({ ...common, groups });
    },
  );
}
