import { containerListSchema } from '../sources/docker/docker-api-schemas.js';
import type { DockerClient } from '../sources/docker/docker-client.js';
import type { DockerConfig } from '../config/docker-config-schema.js';
import { requestSignal } from '../sources/docker/request-signal.js';
import { ConfigError } from '../shared/errors.js';
import type { Action } from './action.js';
import { RestartContainerAction } from './restart-container-action.js';
import { RestartServiceAction } from './restart-service-action.js';
import { RestartSwarmServiceAction } from './restart-swarm-service-action.js';

/** Whether a Swarm manager knows a service by this name or id (any failure: no). */
async function isSwarmService(
  client: DockerClient,
  name: string,
  timeoutMs: number,
): Promise<boolean> {
  const request = requestSignal(undefined, timeoutMs, client.label);
  try {
    await client.get(`/services/${encodeURIComponent(name)}`, {}, request.signal);
    return true;
  } catch {
    // 404 no such service, 503 not a swarm manager.
    return false;
  } finally {
    request.done();
  }
}

/**
 * `jobdeck restart <name>`: a compose service of the configured projects (all its
 * replicas), `project/service` when two projects share a service name, a Swarm service
 * (a forced rolling update), or else one container by name or id. ConfigError, listing
 * the services, when nothing matches.
 */
export async function restartActionFor(
  client: DockerClient,
  config: Pick<DockerConfig, 'projects' | 'restart' | 'requestTimeout'>,
  name: string,
): Promise<Action<unknown>> {
  const request = requestSignal(undefined, config.requestTimeout, client.label);
  let listed: unknown;
  try {
    listed = await client.get('/containers/json', { all: 1 }, request.signal);
  } catch (error) {
    throw client.error(error);
  } finally {
    request.done();
  }
  const containers = containerListSchema.parse(listed);
  const services = new Map<string, { project: string; service: string }>();
  for (const c of containers) {
    const project = c.Labels['com.docker.compose.project'];
    const service = c.Labels['com.docker.compose.service'];
    if (project === undefined || service === undefined) continue;
    if (config.projects !== 'all' && !config.projects.includes(project)) continue;
    services.set(`${project}/${service}`, { project, service });
  }
  const exact = services.get(name);
  if (exact !== undefined) return new RestartServiceAction(client, exact, config);
  const byService = [...services.values()].filter((s) => s.service === name);
  if (byService.length > 1) {
    const choices = byService.map((s) => `${s.project}/${s.service}`).join(', ');
    throw new ConfigError(`"${name}" is a service of several projects: name one of ${choices}`);
  }
  const only = byService[0];
  if (only !== undefined) return new RestartServiceAction(client, only, config);
  if (!name.includes('/') && (await isSwarmService(client, name, config.requestTimeout))) {
    return new RestartSwarmServiceAction(client, name, config);
  }
  const container = containers.find(
    (c) => c.Names.includes(`/${name}`) || (name.length >= 4 && c.Id.startsWith(name)),
  );
  if (container !== undefined) return new RestartContainerAction(client, name, config);
  const known = [...services.keys()].sort().join(', ');
  throw new ConfigError(
    `no service or container named "${name}"${known === '' ? '' : `: services are ${known}`}`,
  );
}
