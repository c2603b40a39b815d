import type { DockerConfig } from '../../config/docker-config-schema.js';
import type { ContainerRole, JobLabels } from './docker-snapshot.js';
import { swarmServicePlace } from './swarm/swarm-service-place.js';

export type ContainerPlace =
  | {
      readonly kind: 'compose';
      readonly project: string;
      readonly service: string;
      readonly number: number | null;
      /** A Swarm task's container: the service's full name (`qfc_worker_wrapper`). */
      readonly swarmService?: string;
    }
  | { readonly kind: 'job'; readonly job: JobLabels };

export interface DockerMatchers {
  /** Where a container belongs on the panel, or null when it is not ours to show. */
  place(labels: Readonly<Record<string, string>>): ContainerPlace | null;
  role(service: string): Exclude<ContainerRole, 'job'>;
}

const PROJECT = 'com.docker.compose.project';
const SERVICE = 'com.docker.compose.service';
const NUMBER = 'com.docker.compose.container-number';
const SWARM_SERVICE = 'com.docker.swarm.service.name';
const SWARM_TASK = 'com.docker.swarm.task.name';
const STACK = 'com.docker.stack.namespace';

/**
 * A Swarm task container, placed like a compose replica: the stack (`docker stack
 * deploy`) is the project, else `swarm`; the service without its `<stack>_` prefix; the
 * task's slot (`web.2.<task id>`) as the number. Global services have no slot.
 */
function swarmPlace(labels: Readonly<Record<string, string>>): ContainerPlace | null {
  const name = labels[SWARM_SERVICE];
  if (name === undefined) return null;
  const slot = Number((labels[SWARM_TASK] ?? '').slice(name.length + 1).split('.')[0]);
  return {
    kind: 'compose',
    ...swarmServicePlace(name, labels[STACK]),
    number: Number.isInteger(slot) && slot > 0 ? slot : null,
    swarmService: name,
  };
}

/** The config's patterns compiled once; pure functions of a container's labels. */
export function createDockerMatchers(config: DockerConfig): DockerMatchers {
  const worker = new RegExp(config.workerPattern);
  const oneShot = new RegExp(config.oneShotPattern);
  const jobValue = new RegExp(config.jobs.valuePattern);
  const projects = config.projects === 'all' ? null : new Set(config.projects);
  const jobs = config.jobs;
  return {
    place(labels) {
      const project = labels[PROJECT];
      const service = labels[SERVICE];
      if (project !== undefined && service !== undefined) {
        if (projects !== null && !projects.has(project)) return null;
        const n = Number(labels[NUMBER]);
        return {
          kind: 'compose',
          project,
          service,
          number: labels[NUMBER] !== undefined && Number.isInteger(n) ? n : null,
        };
      }
      const swarm = swarmPlace(labels);
      if (swarm !== null) {
        return swarm.kind === 'compose' && projects !== null && !projects.has(swarm.project)
          ? null
          : swarm;
      }
      const app = labels[jobs.label];
      if (app === undefined) return null;
      if (jobs.value !== undefined ? app !== jobs.value : !jobValue.test(app)) return null;
      return {
        kind: 'job',
        job: {
          id: labels[jobs.idLabel] ?? null,
          type: labels[jobs.typeLabel] ?? null,
          projectId: labels[jobs.projectLabel] ?? null,
        },
      };
    },
    role(service) {
      // One-shot first: a service named like both (`worker_qgis`) is expected to exit.
      if (oneShot.test(service)) return 'one-shot';
      if (worker.test(service)) return 'worker';
      return 'service';
    },
  };
}
