import { containerListSchema } from '../sources/docker/docker-api-schemas.js';
import type { DockerClient } from '../sources/docker/docker-client.js';
import type { DockerConfig } from '../config/docker-config-schema.js';
import { readRestartTarget } from '../sources/docker/read-restart-target.js';
import type { RestartPlan } from '../sources/docker/restart-plan.js';
import { requestSignal } from '../sources/docker/request-signal.js';
import type { Action, ActionPreview, ActionResult } from './action.js';
import { restartCall } from './restart-call.js';
import { restartOneByOne } from './restart-one-by-one.js';

/**
 * Restart every replica of a compose service, one by one in container-number order,
 * waiting for each to run again before the next (`jobdeck restart worker_wrapper`).
 * Stopped replicas are included: starting a dead worker is often the point. More than
 * one replica is a bulk change, so the preview asks for the service name to be typed.
 */
export class RestartServiceAction implements Action<RestartPlan> {
  readonly id = 'restart';
  readonly label: string;
  readonly target: string;

  constructor(
    private readonly client: DockerClient,
    private readonly service: { readonly project: string; readonly service: string },
    private readonly config: Pick<DockerConfig, 'restart' | 'requestTimeout'>,
  ) {
    this.label = `restart ${service.service}`;
    this.target = `service ${service.project}/${service.service}`;
  }

  async preview(): Promise<ActionPreview<RestartPlan>> {
    const { project, service } = this.service;
    const request = requestSignal(undefined, this.config.requestTimeout, this.client.label);
    let listed: unknown;
    try {
      const filters = JSON.stringify({
        label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`],
      });
      listed = await this.client.get('/containers/json', { all: 1, filters }, request.signal);
    } catch (error) {
      throw this.client.error(error);
    } finally {
      request.done();
    }
    const number = (labels: Readonly<Record<string, string>>): number =>
      Number(labels['com.docker.compose.container-number'] ?? Number.MAX_SAFE_INTEGER);
    const ids = containerListSchema
      .parse(listed)
      .sort((a, b) => number(a.Labels) - number(b.Labels))
      .map((c) => c.Id);
    const targets = [];
    for (const id of ids) {
      targets.push(
        await readRestartTarget(this.client, id, {
          stopTimeoutMs: this.config.restart.stopTimeout,
          requestTimeoutMs: this.config.requestTimeout,
        }),
      );
    }
    const n = targets.length;
    return {
      summary:
        n === 0
          ? `no containers for service ${service} of ${project}`
          : `restart ${service} of ${project}: ${n} replica${n === 1 ? '' : 's'}${n > 1 ? ', one by one' : ''}`,
      details: targets.map(restartCall),
      confirmWord: n > 1 ? service : null,
      empty: n === 0,
      plan: {
        targets,
        startTimeoutMs: this.config.restart.startTimeout,
        requestTimeoutMs: this.config.requestTimeout,
      },
    };
  }

  run(plan: RestartPlan, signal?: AbortSignal): Promise<ActionResult> {
    return restartOneByOne(
      this.client,
      plan,
      `${this.service.service} of ${this.service.project}`,
      signal,
    );
  }
}
