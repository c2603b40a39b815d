import { ConfigError } from '../shared/errors.js';
import { placeInstance } from '../sources/services/place-instance.js';
import type { ServiceProvider } from '../sources/services/service-provider.js';
import { RestartInstancesAction } from './restart-instances-action.js';

/**
 * `jobdeck restart <name>` on a service provider: one instance by id or name
 * (`bench-workers:bench-short-worker-0`, `bench-short-worker-0`, `worker@2.service`),
 * else every instance of a service (`frappe-bench-frappe-short-worker`, or
 * `project/service` when two groups share a name). ConfigError listing what exists.
 */
export async function providerRestartActionFor(
  provider: ServiceProvider,
  name: string,
): Promise<RestartInstancesAction> {
  const { instances } = await provider.list();
  const instance = instances.find((i) => i.id === name) ?? instances.find((i) => i.name === name);
  if (instance !== undefined) {
    return new RestartInstancesAction(
      provider,
      { kind: 'instance', id: instance.id },
      instance.name,
    );
  }
  const services = new Map<string, { project: string; service: string }>();
  for (const i of instances) {
    const place = placeInstance(provider.kind, i);
    services.set(`${place.project}/${place.service}`, place);
  }
  const exact = services.get(name);
  const matches =
    exact !== undefined ? [exact] : [...services.values()].filter((s) => s.service === name);
  if (matches.length > 1) {
    const choices = matches.map((s) => `${s.project}/${s.service}`).join(', ');
    throw new ConfigError(`"${name}" is a service of several groups: name one of ${choices}`);
  }
  const only = matches[0];
  if (only !== undefined) {
    return new RestartInstancesAction(provider, { kind: 'service', ...only }, only.service);
  }
  const known = [...services.keys()].sort().join(', ');
  throw new ConfigError(
    `no service or instance named "${name}" in ${provider.label}${known === '' ? '' : `: services are ${known}`}`,
  );
}
