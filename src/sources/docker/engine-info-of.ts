import { engineInfoSchema } from './docker-api-schemas.js';
import type { DockerEngineInfo } from './docker-snapshot.js';

/** Pure: a `GET /info` answer → the header's engine facts; null when it does not validate. */
export function engineInfoOf(json: unknown): DockerEngineInfo | null {
  const info = engineInfoSchema.safeParse(json);
  if (!info.success) return null;
  return {
    version: info.data.ServerVersion ?? null,
    os: info.data.OperatingSystem ?? null,
    cgroupVersion: info.data.CgroupVersion ?? null,
    cpus: info.data.NCPU ?? null,
    memoryBytes: info.data.MemTotal ?? null,
    swarm:
      info.data.Swarm?.LocalNodeState === undefined || info.data.Swarm.LocalNodeState === 'inactive'
        ? null
        : {
            state: info.data.Swarm.LocalNodeState,
            manager: info.data.Swarm.ControlAvailable ?? false,
          },
  };
}
