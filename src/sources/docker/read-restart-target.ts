import { SourceQueryError } from '../../shared/errors.js';
import { containerInspectSchema } from './docker-api-schemas.js';
import type { DockerClient } from './docker-client.js';
import { getDockerJson } from './get-docker-json.js';
import { httpStatus } from './http-status.js';
import type { RestartTarget } from './restart-plan.js';

/** Docker's own default between SIGTERM and SIGKILL. */
const DOCKER_STOP_TIMEOUT_S = 10;

/**
 * Inspects a container (by id or name) for a restart plan. The stop timeout is the
 * config's override, else the container's own (`StopTimeout`, which compose sets from
 * `stop_grace_period`: 15m for QFieldCloud's worker_wrapper so a running job can finish),
 * else Docker's 10 s.
 */
export async function readRestartTarget(
  client: DockerClient,
  idOrName: string,
  options: { stopTimeoutMs: number | undefined; requestTimeoutMs: number },
): Promise<RestartTarget> {
  let json: unknown;
  try {
    json = await getDockerJson(client, `/containers/${encodeURIComponent(idOrName)}/json`, {
      timeoutMs: options.requestTimeoutMs,
    });
  } catch (error) {
    if (httpStatus(error) === 404) {
      throw new SourceQueryError(`no container named "${idOrName}": check \`docker ps -a\``, {
        cause: error,
      });
    }
    throw error;
  }
  const parsed = containerInspectSchema.safeParse(json);
  if (!parsed.success) {
    throw new SourceQueryError(
      `unexpected inspect answer for "${idOrName}" from the Docker engine`,
    );
  }
  const c = parsed.data;
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    state: c.State.Status,
    startedAt: c.State.StartedAt,
    stopTimeoutSeconds:
      options.stopTimeoutMs !== undefined
        ? Math.ceil(options.stopTimeoutMs / 1000)
        : (c.Config.StopTimeout ?? DOCKER_STOP_TIMEOUT_S),
  };
}
