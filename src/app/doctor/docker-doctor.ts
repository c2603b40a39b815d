import { z } from 'zod';
import type { ResolvedConfig } from '../../config/load-config.js';
import { createDockerClient } from '../create-docker-client.js';
import type { DockerClient } from '../../sources/docker/docker-client.js';
import { errorLine } from '../../shared/errors.js';
import type { DoctorCheck } from './doctor-check.js';

const versionSchema = z.object({ Version: z.string(), ApiVersion: z.string().optional() });

/** The Docker check of `jobdeck doctor`: the endpoint answers, and this user may use it. */
export async function dockerDoctor(config: ResolvedConfig): Promise<DoctorCheck[]> {
  const fail = (detail: string): DoctorCheck[] => [
    {
      name: 'docker',
      level: 'fail',
      detail,
      fix: 'fix the endpoint or permissions as the message says; docker.enabled: false monitors without Docker',
      latencyMs: null,
    },
  ];
  if (config.docker === null) {
    return [
      {
        name: 'docker',
        level: 'skip',
        detail: 'not read (no local socket, DOCKER_HOST or docker section)',
        fix: null,
        latencyMs: null,
      },
    ];
  }
  let client: DockerClient | null;
  try {
    client = createDockerClient(config);
  } catch (error) {
    return fail(errorLine(error));
  }
  if (client === null) return [];
  const t0 = performance.now();
  try {
    const parsed = versionSchema.safeParse(
      await client.get('/version', {}, AbortSignal.timeout(config.docker.requestTimeout)),
    );
    const version = parsed.success ? `Docker ${parsed.data.Version}` : 'an unrecognised engine';
    return [
      {
        name: 'docker',
        level: 'ok',
        detail: `${version} at ${client.label}`,
        fix: null,
        latencyMs: performance.now() - t0,
      },
    ];
  } catch (error) {
    return fail(errorLine(client.error(error)));
  }
}
