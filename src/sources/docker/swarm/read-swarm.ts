import type { z } from 'zod';
import { SourceQueryError } from '../../../shared/errors.js';
import type { DockerClient } from '../docker-client.js';
import { getDockerJson } from '../get-docker-json.js';
import { buildSwarmSnapshot } from './build-swarm-snapshot.js';
import {
  swarmNodeListSchema,
  swarmServiceListSchema,
  swarmTaskListSchema,
} from './swarm-api-schemas.js';
import type { SwarmSnapshot } from './swarm-snapshot.js';

/**
 * One read of a manager's services (with their task counts), tasks and nodes: three GETs
 * in parallel. Answers that do not validate are a SourceQueryError naming the endpoint.
 */
export async function readSwarm(
  client: DockerClient,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<SwarmSnapshot> {
  const get = (path: string, query: Record<string, string | number | boolean> = {}) =>
    getDockerJson(client, path, {
      query,
      timeoutMs: options.timeoutMs,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  const [services, tasks, nodes] = await Promise.all([
    get('/services', { status: true }),
    get('/tasks'),
    get('/nodes'),
  ]);
  const parse = <T extends z.ZodType>(schema: T, json: unknown, path: string): z.output<T> => {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new SourceQueryError(
      `the Docker engine at ${client.label} answered GET ${path} in an unexpected shape (at ${issue?.path.join('.') ?? '?'}): is it a Swarm manager of API 1.41 or newer?`,
    );
  };
  return buildSwarmSnapshot(
    parse(swarmServiceListSchema, services, '/services'),
    parse(swarmTaskListSchema, tasks, '/tasks'),
    parse(swarmNodeListSchema, nodes, '/nodes'),
    Date.now(),
  );
}
