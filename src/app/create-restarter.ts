import type { Action } from '../actions/action.js';
import { providerRestartActionFor } from '../actions/provider-restart-action-for.js';
import { restartActionFor } from '../actions/restart-action-for.js';
import { RestartContainerAction } from '../actions/restart-container-action.js';
import { RestartInstancesAction } from '../actions/restart-instances-action.js';
import { RestartServiceAction } from '../actions/restart-service-action.js';
import { RestartSwarmServiceAction } from '../actions/restart-swarm-service-action.js';
import type { ResolvedConfig } from '../config/load-config.js';
import type { DockerSnapshot } from '../sources/docker/docker-snapshot.js';
import type { ServiceProvider } from '../sources/services/service-provider.js';
import { createDockerClient } from './create-docker-client.js';

/**
 * The restart actions of a target, whatever runs its services: the dashboard's keys
 * (a row's id or `project/service` key), `jobdeck restart <name>` and healing (by name
 * or id) all go through it. Null when the target has neither Docker nor a provider.
 */
export interface Restarter {
  /** What restarts run through, for messages: `Docker`, `supervisor at …`. */
  readonly label: string;
  /** A service, an instance or a container by the name an operator types (or its id). */
  named(name: string): Promise<Action<unknown>>;
  /** One row of the Services panel by its id. */
  container(id: string): Action<unknown>;
  /** Every replica of a `project/service` key, one by one. */
  service(key: string): Action<unknown>;
}

function splitKey(key: string): { project: string; service: string } {
  const slash = key.indexOf('/');
  return { project: key.slice(0, slash), service: key.slice(slash + 1) };
}

/** The Swarm service behind a Services row key (SwarmService.key), if any. */
function swarmServiceOf(snapshot: DockerSnapshot | null, key: string): string | null {
  return snapshot?.swarm?.services.find((s) => s.key === key)?.name ?? null;
}

/**
 * `nameOf` maps a row id to its name where the store knows it: the dialog, the flash
 * line and the audit log then say `worker_wrapper-2`, not a 64-hex id.
 */
export function createRestarter(
  config: ResolvedConfig,
  provider: ServiceProvider | null,
  snapshot: () => DockerSnapshot | null = () => null,
): Restarter | null {
  const containerOf = (id: string) =>
    snapshot()
      ?.services.flatMap((s) => s.containers)
      .find((c) => c.id === id);
  const nameOf = (id: string): string | undefined => containerOf(id)?.name;
  if (provider !== null) {
    return {
      label: provider.label,
      named: (name) => providerRestartActionFor(provider, name),
      container: (id) =>
        new RestartInstancesAction(provider, { kind: 'instance', id }, nameOf(id) ?? id),
      service: (key) => {
        const place = splitKey(key);
        return new RestartInstancesAction(provider, { kind: 'service', ...place }, place.service);
      },
    };
  }
  const client = createDockerClient(config);
  const docker = config.docker;
  if (client === null || docker === null) return null;
  return {
    label: client.label,
    named: (name) => restartActionFor(client, docker, name),
    // A Swarm task's container restarts the Swarm way: its service, by rolling update
    // (a `docker restart` behind the orchestrator's back is what Swarm does not expect).
    container: (id) => {
      const swarmService = containerOf(id)?.swarmService;
      return swarmService === undefined
        ? new RestartContainerAction(client, nameOf(id) ?? id, docker)
        : new RestartSwarmServiceAction(client, swarmService, docker);
    },
    service: (key) => {
      const swarm = swarmServiceOf(snapshot(), key);
      return swarm === null
        ? new RestartServiceAction(client, splitKey(key), docker)
        : new RestartSwarmServiceAction(client, swarm, docker);
    },
  };
}
